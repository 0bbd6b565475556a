package io.breachwatch.detector.simulate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The simulated platform's cast, fixed by the seed: the users who log in (each with a home address; office users
 * share their office's NAT addresses), the API clients (third-party vendors and the platform's own first-party
 * clients, each with a stable calling habit) and the internal hosts (each with its usual external destinations and
 * its own distribution of bytes sent). Built once per simulation; its size is bounded by the settings, never by
 * how long the simulation runs.
 */
public final class Population {

    /**
     * @param users             accounts that log in
     * @param vendors           third-party API clients
     * @param firstPartyClients the platform's own API clients (storefront, mobile app, back office…)
     * @param hosts             internal hosts with egress traffic
     */
    public record Settings(int users, int vendors, int firstPartyClients, int hosts) {
        public static final Settings DEFAULT = new Settings(5_000, 5, 3, 200);

        public Settings {
            // Attack scenarios pick victims, scanners and spray targets from the population: keep enough of each.
            requireAtLeast("users", users, 200);
            requireAtLeast("vendors", vendors, 1);
            requireAtLeast("first-party clients", firstPartyClients, 1);
            requireAtLeast("hosts", hosts, 10);
            if (users > 1_000_000 || vendors > 1_000 || firstPartyClients > 100 || hosts > 60_000) {
                throw new IllegalArgumentException("population too large: " + this);
            }
        }

        private static void requireAtLeast(String what, int value, int min) {
            if (value < min) {
                throw new IllegalArgumentException(what + " must be at least " + min + ", was " + value);
            }
        }
    }

    /**
     * An account holder.
     *
     * @param name     user name
     * @param homeIp   the address the user logs in from
     * @param office   whether that address is an office NAT gateway shared with colleagues
     * @param activity relative login frequency (mean about 1)
     */
    public record User(String name, String homeIp, boolean office, double activity) {
    }

    /**
     * One operation an API client calls.
     *
     * @param method        HTTP method
     * @param path          path template ("/orders/{id}")
     * @param minRecords    fewest records a successful call returns or changes
     * @param maxRecords    most records a successful call returns or changes
     * @param bytesPerRecord typical response bytes per record
     * @param perCustomer   whether a call is about one customer (and carries its customer id)
     */
    public record ApiOperation(String method, String path, int minRecords, int maxRecords, int bytesPerRecord,
                               boolean perCustomer) {
        /** The operation as events name it: "GET /orders/{id}". */
        public String operation() {
            return method + " " + path;
        }

        public boolean isWrite() {
            return !method.equals("GET");
        }
    }

    /**
     * An API client and its habit.
     *
     * @param id               client id (the credential's principal)
     * @param clientType       first_party or third_party
     * @param sourceIps        the addresses it calls from (1–3 for a vendor)
     * @param operations       the operations it calls
     * @param operationWeights how often it calls each (sums to 1)
     * @param share            its share of all API calls (before diurnal variation)
     * @param diurnal          its daily rhythm
     * @param customers        the customer ids it touches; empty for first-party clients, which touch any customer
     * @param errorRate        fraction of calls that fail (4xx/5xx)
     */
    public record ApiClient(String id, String clientType, List<String> sourceIps, List<ApiOperation> operations,
                            List<Double> operationWeights, double share, Diurnal diurnal, List<String> customers,
                            double errorRate) {
        public static final String THIRD_PARTY = "third_party";
        public static final String FIRST_PARTY = "first_party";

        public boolean thirdParty() {
            return clientType.equals(THIRD_PARTY);
        }

        public Set<String> operationNames() {
            Set<String> names = new LinkedHashSet<>();
            operations.forEach(op -> names.add(op.operation()));
            return names;
        }
    }

    /** A service on the internal network that hosts connect to (database, cache, broker). */
    public record InternalService(String ip, int port) {
    }

    /**
     * An internal host and its egress habit.
     *
     * @param ip             its address (10.10.x.y)
     * @param weight         relative number of flows it opens (mean about 1)
     * @param medianBytesOut median bytes sent per external TCP flow
     * @param sigma          log-space spread of bytes sent per external TCP flow
     * @param destinations   the external addresses it usually talks to
     * @param services       the internal services it uses
     */
    public record Host(String ip, double weight, double medianBytesOut, double sigma, List<String> destinations,
                       List<InternalService> services) {
    }

    /** Size of the customer id space ("cus-000001" … "cus-100000"). */
    public static final int CUSTOMERS = 100_000;

    private static final List<String> FIRST_NAMES = List.of("anna", "ben", "chloe", "david", "emma", "felix",
            "grace", "hugo", "ines", "jonas", "karin", "leon", "maria", "noah", "olga", "paul", "quinn", "rosa",
            "samir", "tara", "umar", "vera", "william", "xenia", "yusuf", "zoe", "adam", "bella", "carlos", "diana",
            "erik", "fatima", "georg", "hanna", "ivan", "julia", "kofi", "lena", "marco", "nina", "oscar", "priya",
            "rafael", "sofia", "tomas", "ulla", "viktor", "wen", "yara", "zeynep");
    private static final List<String> LAST_NAMES = List.of("schmidt", "mueller", "smith", "jones", "garcia",
            "martin", "rossi", "novak", "kowalski", "nielsen", "dubois", "silva", "tanaka", "kim", "chen", "patel",
            "okafor", "haddad", "ivanova", "johansson", "bauer", "weber", "fischer", "wagner", "becker", "hoffmann",
            "lopez", "moreau", "ricci", "costa", "santos", "murphy", "kelly", "walsh", "brown", "taylor", "wilson",
            "evans", "thomas", "roberts", "lewis", "walker", "hall", "young", "king", "wright", "green", "baker",
            "adams", "nelson", "hill", "campbell", "mitchell", "carter", "phillips", "turner", "parker", "collins",
            "edwards", "stewart", "morris", "rogers", "reed", "cook", "morgan", "bell", "cooper", "richardson",
            "cox", "howard", "ward", "torres", "peterson", "gray", "ramirez", "james", "watson", "brooks", "sanders",
            "price");

    /** Vendor archetypes: a name and the operations such an integration calls. None writes orders or payments. */
    private record VendorKind(String name, List<ApiOperation> operations) {
    }

    private static final List<VendorKind> VENDOR_KINDS = List.of(
            new VendorKind("acme-logistics", List.of(
                    op("GET", "/orders/{id}", 1, 1, 1400, true), op("GET", "/orders/{id}/items", 1, 8, 350, true),
                    op("POST", "/shipments", 1, 1, 300, true), op("PUT", "/shipments/{id}/status", 1, 1, 180, false))),
            new VendorKind("globex-payments", List.of(
                    op("GET", "/orders/{id}", 1, 1, 1400, true),
                    op("POST", "/webhooks/payment-status", 1, 1, 120, true),
                    op("GET", "/refunds/{id}", 1, 1, 600, true))),
            new VendorKind("initech-analytics", List.of(
                    op("GET", "/orders", 20, 50, 700, false), op("GET", "/products", 20, 50, 500, false),
                    op("GET", "/orders/{id}", 1, 1, 1400, true))),
            new VendorKind("umbrella-crm", List.of(
                    op("GET", "/customers/{id}", 1, 1, 900, true),
                    op("GET", "/customers/{id}/orders", 1, 10, 600, true),
                    op("POST", "/support/tickets", 1, 1, 400, true))),
            new VendorKind("stark-fulfilment", List.of(
                    op("GET", "/inventory/{sku}", 1, 1, 300, false), op("PUT", "/inventory/{sku}", 1, 1, 200, false),
                    op("GET", "/orders/{id}", 1, 1, 1400, true), op("POST", "/shipments", 1, 1, 300, true))),
            new VendorKind("wayne-marketing", List.of(
                    op("GET", "/customers/{id}/preferences", 1, 1, 500, true),
                    op("POST", "/campaigns/{id}/events", 1, 1, 150, false),
                    op("GET", "/products/{id}", 1, 1, 1100, false))),
            new VendorKind("hooli-tax", List.of(
                    op("GET", "/orders/{id}", 1, 1, 1400, true), op("GET", "/invoices/{id}", 1, 1, 2200, true))),
            new VendorKind("soylent-support", List.of(
                    op("GET", "/customers/{id}", 1, 1, 900, true), op("POST", "/support/tickets", 1, 1, 400, true),
                    op("GET", "/support/tickets/{id}", 1, 1, 1600, false))));

    private record FirstPartyKind(String name, double weight, double amplitude, List<ApiOperation> operations) {
    }

    private static final List<FirstPartyKind> FIRST_PARTY_KINDS = List.of(
            new FirstPartyKind("web-storefront", 6, 0.3, List.of(
                    op("GET", "/products/{id}", 1, 1, 1100, false), op("GET", "/orders/{id}", 1, 1, 1400, true),
                    op("POST", "/orders", 1, 1, 700, true), op("POST", "/payments", 1, 1, 400, true),
                    op("GET", "/customers/{id}", 1, 1, 900, true))),
            new FirstPartyKind("mobile-app", 3, 0.35, List.of(
                    op("GET", "/products/{id}", 1, 1, 1100, false), op("GET", "/orders/{id}", 1, 1, 1400, true),
                    op("POST", "/orders", 1, 1, 700, true), op("PATCH", "/orders/{id}", 1, 1, 500, true))),
            new FirstPartyKind("backoffice", 1, 0.4, List.of(
                    op("GET", "/customers/{id}", 1, 1, 900, true), op("PATCH", "/orders/{id}", 1, 1, 500, true),
                    op("PUT", "/payments/{id}", 1, 1, 400, true), op("GET", "/orders", 20, 100, 700, false))));

    private static final List<InternalService> INTERNAL_SERVICES = List.of(
            new InternalService("10.0.0.10", 5432), new InternalService("10.0.0.11", 6379),
            new InternalService("10.0.0.12", 9092), new InternalService("10.0.0.13", 8200));

    /** Third-party clients' share of all API calls; first-party clients (the shop itself) make the rest. */
    static final double THIRD_PARTY_SHARE = 0.3;

    private final Settings settings;
    private final List<User> users;
    private final double[] userCumulative;
    private final List<ApiClient> clients;
    private final List<Host> hosts;
    private final double[] hostCumulative;

    private Population(Settings settings, List<User> users, List<ApiClient> clients, List<Host> hosts) {
        this.settings = settings;
        this.users = List.copyOf(users);
        this.clients = List.copyOf(clients);
        this.hosts = List.copyOf(hosts);
        this.userCumulative = cumulative(users.stream().mapToDouble(User::activity).toArray());
        this.hostCumulative = cumulative(hosts.stream().mapToDouble(Host::weight).toArray());
    }

    public static Population generate(long seed, Settings settings) {
        return new Population(settings, users(Rng.derive(seed, "population.users"), settings.users()),
                clients(Rng.derive(seed, "population.clients"), settings),
                hosts(Rng.derive(seed, "population.hosts"), settings.hosts()));
    }

    public Settings settings() {
        return settings;
    }

    public List<User> users() {
        return users;
    }

    public List<ApiClient> clients() {
        return clients;
    }

    public List<ApiClient> vendors() {
        return clients.stream().filter(ApiClient::thirdParty).toList();
    }

    public List<Host> hosts() {
        return hosts;
    }

    public ApiClient client(String id) {
        return clients.stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no API client " + id));
    }

    public Host host(String ip) {
        return hosts.stream().filter(h -> h.ip().equals(ip)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no host " + ip));
    }

    /** A user chosen in proportion to activity. */
    User pickUser(Rng rng) {
        return users.get(pickCumulative(userCumulative, rng.uniform()));
    }

    /**
     * Up to {@code count} different users' names, each chosen in proportion to activity, in the order chosen. Never
     * more than half the population: a repeat is drawn again, which takes ever longer as fewer users remain.
     */
    List<String> pickDistinctUserNames(Rng rng, int count) {
        int wanted = Math.min(count, users.size() / 2);
        List<String> names = new ArrayList<>(wanted);
        while (names.size() < wanted) {
            String name = pickUser(rng).name();
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    /** A host chosen in proportion to its weight. */
    Host pickHost(Rng rng) {
        return hosts.get(pickCumulative(hostCumulative, rng.uniform()));
    }

    /** The share of all flows that {@code host} opens. */
    double hostShare(Host host) {
        return host.weight() / hostCumulative[hostCumulative.length - 1];
    }

    static String customerId(int n) {
        return String.format(Locale.ROOT, "cus-%06d", n);
    }

    static double[] cumulative(double[] weights) {
        double[] cumulative = new double[weights.length];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i];
            cumulative[i] = sum;
        }
        return cumulative;
    }

    /** Index i with cumulative[i-1] <= u·total < cumulative[i]. */
    static int pickCumulative(double[] cumulative, double u) {
        double target = u * cumulative[cumulative.length - 1];
        int index = Arrays.binarySearch(cumulative, target);
        index = index >= 0 ? index + 1 : -index - 1;
        return Math.min(index, cumulative.length - 1);
    }

    private static List<User> users(Rng rng, int count) {
        List<String> names = new ArrayList<>(FIRST_NAMES.size() * LAST_NAMES.size());
        for (String first : FIRST_NAMES) {
            for (String last : LAST_NAMES) {
                names.add(first + "." + last);
            }
        }
        rng.shuffle(names);
        // One user in five works at an office; about 100 colleagues share an office's 14 NAT addresses.
        int officeUsers = count / 5;
        int offices = Math.max(1, officeUsers / 100);
        Set<Integer> taken = new HashSet<>();
        List<User> users = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = names.get(i % names.size()) + (i < names.size() ? "" : String.valueOf(i / names.size() + 1));
            boolean office = i < officeUsers;
            String ip;
            if (office) {
                int block = Addresses.OFFICES_BASE + rng.nextInt(offices) * 16;
                ip = Addresses.format(block + rng.between(1, 14));
            } else {
                int address;
                do {
                    address = Addresses.USERS_BASE + 1 + rng.nextInt(Addresses.USERS_SIZE - 2);
                } while ((address & 0xff) == 0 || (address & 0xff) == 255 || !taken.add(address));
                ip = Addresses.format(address);
            }
            users.add(new User(name, ip, office, rng.logNormal(1, 0.8)));
        }
        rng.shuffle(users); // office users are not the first in the list
        return users;
    }

    private static List<ApiClient> clients(Rng rng, Settings settings) {
        List<ApiClient> clients = new ArrayList<>();
        double[] vendorWeights = new double[settings.vendors()];
        for (int i = 0; i < vendorWeights.length; i++) {
            vendorWeights[i] = rng.uniform(0.5, 1.5);
        }
        double vendorTotal = Arrays.stream(vendorWeights).sum();
        for (int i = 0; i < settings.vendors(); i++) {
            VendorKind kind = VENDOR_KINDS.get(i % VENDOR_KINDS.size());
            String id = "vendor-" + kind.name() + (i < VENDOR_KINDS.size() ? "" : "-" + (i / VENDOR_KINDS.size() + 1));
            // The core operation always, then 1–3 more of the kind's: a fixed, small habit.
            List<ApiOperation> ops = new ArrayList<>(kind.operations());
            ApiOperation core = ops.remove(0);
            rng.shuffle(ops);
            List<ApiOperation> habit = new ArrayList<>();
            habit.add(core);
            habit.addAll(ops.subList(0, Math.min(ops.size(), rng.between(1, 3))));
            // Every vendor works on some customers' data (its bounded set), whatever else it reads.
            if (habit.stream().noneMatch(ApiOperation::perCustomer)) {
                ops.stream().filter(ApiOperation::perCustomer).findFirst().ifPresent(habit::add);
            }
            List<String> sources = new ArrayList<>();
            int sourceCount = rng.between(1, 3);
            while (sources.size() < sourceCount) {
                String ip = Addresses.format(Addresses.VENDORS_BASE + (i % 256) * 256 + rng.between(10, 250));
                if (!sources.contains(ip)) {
                    sources.add(ip);
                }
            }
            Set<String> pool = new LinkedHashSet<>();
            int poolSize = rng.between(80, 300);
            while (pool.size() < poolSize) {
                pool.add(customerId(rng.between(1, CUSTOMERS)));
            }
            clients.add(new ApiClient(id, ApiClient.THIRD_PARTY, sources, habit, weights(rng, habit.size()),
                    THIRD_PARTY_SHARE * vendorWeights[i] / vendorTotal,
                    new Diurnal(rng.uniform(0.1, 0.3), rng.uniform(11, 17)), List.copyOf(pool),
                    rng.uniform(0.003, 0.012)));
        }
        double firstPartyTotal = 0;
        for (int i = 0; i < settings.firstPartyClients(); i++) {
            firstPartyTotal += FIRST_PARTY_KINDS.get(i % FIRST_PARTY_KINDS.size()).weight();
        }
        for (int i = 0; i < settings.firstPartyClients(); i++) {
            FirstPartyKind kind = FIRST_PARTY_KINDS.get(i % FIRST_PARTY_KINDS.size());
            String id = kind.name() + (i < FIRST_PARTY_KINDS.size() ? "" : "-" + (i / FIRST_PARTY_KINDS.size() + 1));
            List<String> sources = new ArrayList<>();
            int sourceCount = rng.between(2, 4);
            for (int j = 0; j < sourceCount; j++) {
                sources.add(Addresses.format(Addresses.FIRST_PARTY_BASE + ((10 + i * 8 + j) & 0xff)));
            }
            clients.add(new ApiClient(id, ApiClient.FIRST_PARTY, sources, kind.operations(),
                    weights(rng, kind.operations().size()), (1 - THIRD_PARTY_SHARE) * kind.weight() / firstPartyTotal,
                    new Diurnal(kind.amplitude(), 14), List.of(), rng.uniform(0.003, 0.01)));
        }
        return clients;
    }

    private static List<Host> hosts(Rng rng, int count) {
        // The outside world the platform talks to: 400 service addresses in cloud and CDN prefixes.
        List<String> external = new ArrayList<>();
        while (external.size() < 400) {
            int[] prefix = rng.pick(Addresses.EXTERNAL_SERVICES);
            int address = prefix[0] + rng.nextInt(1 << (32 - prefix[1]));
            if ((address & 0xff) != 0 && (address & 0xff) != 255) {
                external.add(Addresses.format(address));
            }
        }
        List<Host> hosts = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            String ip = Addresses.format(Addresses.HOSTS_BASE + (k / 250) * 256 + (k % 250) + 2);
            Set<String> destinations = new LinkedHashSet<>();
            int destinationCount = rng.between(5, 25);
            while (destinations.size() < destinationCount) {
                destinations.add(rng.pickSkewed(external));
            }
            List<InternalService> services = new ArrayList<>(INTERNAL_SERVICES);
            rng.shuffle(services);
            hosts.add(new Host(ip, rng.logNormal(1, 0.6),
                    Math.exp(rng.uniform(Math.log(1_500), Math.log(40_000))), rng.uniform(0.5, 0.9),
                    List.copyOf(destinations), List.copyOf(services.subList(0, rng.between(0, 2)))));
        }
        return Collections.unmodifiableList(hosts);
    }

    private static List<Double> weights(Rng rng, int count) {
        double[] raw = new double[count];
        double sum = 0;
        for (int i = 0; i < count; i++) {
            raw[i] = rng.uniform(0.5, 3);
            sum += raw[i];
        }
        List<Double> weights = new ArrayList<>(count);
        for (double w : raw) {
            weights.add(w / sum);
        }
        return List.copyOf(weights);
    }

    private static ApiOperation op(String method, String path, int minRecords, int maxRecords, int bytesPerRecord,
                                   boolean perCustomer) {
        return new ApiOperation(method, path, minRecords, maxRecords, bytesPerRecord, perCustomer);
    }
}
