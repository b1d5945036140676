package dev.nyt.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nyt.events.topic.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

class AclsTest {

    private static final Path OPERATIONS = Path.of("..", "docs", "OPERATIONS.md");
    private static final String BEGIN = "<!-- acls:begin (generated from dev.nyt.runtime.Acls; AclsTest checks it) -->\n";
    private static final String END = "<!-- acls:end -->";

    @Test
    void theOperationsGuideListsExactlyTheAclsTheSecuredClusterTestGrants() throws Exception {
        String guide = Files.readString(OPERATIONS);
        int begin = guide.indexOf(BEGIN);
        int end = guide.indexOf(END);
        assertThat(begin).as("the table's markers in docs/OPERATIONS.md").isNotNegative();
        assertThat(guide.substring(begin + BEGIN.length(), end)).isEqualTo(Acls.markdown(Topics.withPrefix("")));
    }

    @Test
    void aStreamsProcessorGetsItsTransactionalIdsGroupAndInternalTopicsUnderItsApplicationId() {
        List<AclBinding> bindings = Acls.bindings(Acls.Principal.FANOUT, Topics.withPrefix("acme-"), "User:fanout");

        assertThat(bindings).contains(
                allow(ResourceType.TRANSACTIONAL_ID, "acme-nyt-fanout-", PatternType.PREFIXED, AclOperation.WRITE),
                allow(ResourceType.GROUP, "acme-nyt-fanout", PatternType.LITERAL, AclOperation.READ),
                allow(ResourceType.TOPIC, "acme-nyt-fanout-", PatternType.PREFIXED, AclOperation.CREATE),
                allow(ResourceType.TOPIC, "acme-nyt-notify-requested", PatternType.LITERAL, AclOperation.READ),
                allow(ResourceType.TOPIC, "acme-nyt-notifications", PatternType.LITERAL, AclOperation.WRITE));
        assertThat(bindings).as("nothing outside the deployment's prefix")
                .allSatisfy(b -> assertThat(b.pattern().name()).startsWith("acme-nyt-"));
        assertThat(bindings).as("reads nothing it only writes")
                .doesNotContain(allow(ResourceType.TOPIC, "acme-nyt-notifications", PatternType.LITERAL, AclOperation.READ));
    }

    @Test
    void anApplicationWithTheNytClientOnlyWritesTheInputTopics() {
        List<AclBinding> bindings = Acls.bindings(Acls.Principal.CLIENT, Topics.withPrefix(""), "User:app");

        assertThat(bindings).extracting(b -> b.entry().operation()).containsOnly(AclOperation.WRITE);
        assertThat(bindings).extracting(b -> b.pattern().name()).containsExactlyInAnyOrder("nyt-notify-requested",
                "nyt-subscription-requests", "nyt-users", "nyt-notification-status");
    }

    private static AclBinding allow(ResourceType type, String name, PatternType pattern, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new org.apache.kafka.common.acl.AccessControlEntry("User:fanout", "*", operation, AclPermissionType.ALLOW));
    }
}
