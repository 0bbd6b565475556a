package io.breachwatch.schema.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Where Jackson's scalar reading differs from JSON Schema's, this module makes it match the published schemas:
 * timestamps take the one {@link Rfc3339} shape; integers take any number with a zero fraction ({@code 200.0},
 * {@code 2e2}), which JSON Schema's {@code integer} accepts, but never truncate ({@code 200.5} is rejected);
 * enum values must match exactly (Jackson would otherwise trim surrounding white space).
 */
final class StrictScalars {
    private StrictScalars() {
    }

    static SimpleModule module() {
        SimpleModule module = new SimpleModule("breachwatch-strict-scalars")
                .addDeserializer(Instant.class, new StrictInstantDeserializer())
                .addSerializer(Instant.class, new StrictInstantSerializer());
        for (Class<?> type : new Class<?>[] {Integer.class, Integer.TYPE, Long.class, Long.TYPE}) {
            addWholeNumber(module, type);
        }
        module.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type,
                                                              BeanDescription beanDesc,
                                                              JsonDeserializer<?> deserializer) {
                return new ExactEnum(deserializer);
            }
        });
        return module;
    }

    @SuppressWarnings("unchecked")
    private static <T> void addWholeNumber(SimpleModule module, Class<T> type) {
        JsonDeserializer<T> standard = (JsonDeserializer<T>) NumberDeserializers.find(type, type.getName());
        module.addDeserializer(type, (JsonDeserializer<T>) new WholeNumber(standard));
    }

    /** Jackson's int/long reading, plus integral floating-point tokens converted exactly. */
    static final class WholeNumber extends DelegatingDeserializer {
        private static final long serialVersionUID = 1L;

        WholeNumber(JsonDeserializer<?> standard) {
            super(standard);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
            return new WholeNumber(newDelegatee);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_NUMBER_FLOAT)) {
                return super.deserialize(p, ctxt);
            }
            Class<?> type = _delegatee.handledType();
            BigDecimal value = p.getDecimalValue();
            try {
                // Not a conditional expression: that would promote the int to a long for int fields.
                if (type == Long.class || type == Long.TYPE) {
                    return value.longValueExact();
                }
                return value.intValueExact();
            } catch (ArithmeticException e) {
                boolean whole = value.signum() == 0 || value.stripTrailingZeros().scale() <= 0;
                return ctxt.handleWeirdNumberValue(type, value, whole ? "out of range" : "not a whole number");
            }
        }
    }

    /** An enum value with surrounding white space is not one of the enum's values. */
    static final class ExactEnum extends DelegatingDeserializer {
        private static final long serialVersionUID = 1L;

        ExactEnum(JsonDeserializer<?> standard) {
            super(standard);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
            return new ExactEnum(newDelegatee);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.hasToken(JsonToken.VALUE_STRING)) {
                String text = p.getText();
                if (text.trim().length() != text.length()) {
                    return ctxt.handleWeirdStringValue(_delegatee.handledType(), text,
                            "not one of the allowed values (surrounding white space is not allowed)");
                }
            }
            return super.deserialize(p, ctxt);
        }
    }
}
