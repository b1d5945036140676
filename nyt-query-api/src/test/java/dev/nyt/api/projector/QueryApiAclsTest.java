package dev.nyt.api.projector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nyt.events.topic.Topics;
import dev.nyt.runtime.Acls;
import org.apache.kafka.common.acl.AclOperation;
import org.junit.jupiter.api.Test;

/** The query API's documented READ ACLs are what the projector subscribes to; its group is the projector's. */
class QueryApiAclsTest {

    @Test
    void theDocumentedReadsAreTheProjectedTopicsAndTheGroupIsTheProjectors() {
        Topics topics = Topics.withPrefix("acme-");

        assertThat(Acls.topicAccess(Acls.Principal.QUERY_API, topics).get(AclOperation.READ))
                .containsExactlyInAnyOrderElementsOf(new Decoder(topics).topicNames())
                .as("the push consumer reads one of them").contains(topics.notifications().name());
        assertThat(Acls.QUERY_API_GROUP).isEqualTo(Projector.GROUP);
    }
}
