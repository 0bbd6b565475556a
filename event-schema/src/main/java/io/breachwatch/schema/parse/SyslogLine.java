package io.breachwatch.schema.parse;

import java.time.Instant;

/**
 * One syslog line split into its header and its message. {@code tag} and {@code pid} are null when the line has
 * no {@code program[pid]:} tag (sysklogd's {@code last message repeated} lines, or messages such as
 * {@code syslogd 1.4.1: restart.}).
 *
 * @param timestamp when the line was logged
 * @param host      the syslog host name, as written
 * @param tag       the program tag before the pid, e.g. {@code sshd} or {@code sshd(pam_unix)}; may be null
 * @param pid       the text between the brackets after the tag; may be null
 * @param message   what follows {@code tag[pid]: }, or everything after the host when there is no tag
 */
record SyslogLine(Instant timestamp, String host, String tag, String pid, String message) {
}
