#include "ddl/event_trigger_kind.hpp"
#include "ddl/policy_kind.hpp"
#include "ddl/publication_kind.hpp"
#include "ddl/statistics_kind.hpp"
#include "ddl/subscription_kind.hpp"
#include "hand_built_catalog.hpp"

#include <catch2/catch.hpp>

using namespace wiredump;
using namespace wiredump::ddl;
using wiredump::ddl::testing::add_table;
using wiredump::ddl::testing::make_context;
using wiredump::ddl::testing::schema_oid;

// Expected SQL below is what pg_restore printed for pg_dump 15.20's archive
// of the same objects on a PostgreSQL 15.20 server (schema "inv" replaces
// that database's schema "extra").

namespace {

StatisticsKind::StatisticsRecord statistics(std::string name, std::string definition) {
    StatisticsKind::StatisticsRecord record;
    record.name = std::move(name);
    record.namespace_oid = schema_oid;
    record.definition = std::move(definition);
    return record;
}

PolicyKind::PolicyRecord policy(std::string name) {
    PolicyKind::PolicyRecord record;
    record.name = std::move(name);
    return record;
}

PublicationKind::PublicationRecord publication(std::string name) {
    PublicationKind::PublicationRecord record;
    record.name = std::move(name);
    return record;
}

SubscriptionKind::SubscriptionRecord subscription() {
    SubscriptionKind::SubscriptionRecord record;
    record.name = "sub1";
    record.connection_info = "host=/tmp/run port=1 dbname=nowhere";
    record.synchronous_commit = "off";
    record.publications = {"pub_all"};
    return record;
}

EventTriggerKind::EventTriggerRecord event_trigger(std::string name, std::string event) {
    EventTriggerKind::EventTriggerRecord record;
    record.name = std::move(name);
    record.event = std::move(event);
    record.function = "inv.note_ddl";
    return record;
}

}  // namespace

TEST_CASE("statistics without target", "[statistics]") {
    PlanContext context = make_context();
    CHECK(create_statistics_sql(
              context, statistics("m_stats", "CREATE STATISTICS inv.m_stats (ndistinct, "
                                             "dependencies) ON sensor_id, reading FROM inv.m")) ==
          "CREATE STATISTICS inv.m_stats (ndistinct, dependencies) ON sensor_id, reading "
          "FROM inv.m;\n");
}

TEST_CASE("statistics with target", "[statistics]") {
    PlanContext context = make_context();
    StatisticsKind::StatisticsRecord record =
        statistics("st2", "CREATE STATISTICS inv.st2 ON reading, (sensor_id + 1) FROM inv.m");
    record.statistics_target = 500;
    CHECK(create_statistics_sql(context, record) ==
          "CREATE STATISTICS inv.st2 ON reading, (sensor_id + 1) FROM inv.m;\n"
          "ALTER STATISTICS inv.st2 SET STATISTICS 500;\n");

    // Target 0 turns statistics off, so it is written too.
    record.statistics_target = 0;
    CHECK(create_statistics_sql(context, record) ==
          "CREATE STATISTICS inv.st2 ON reading, (sensor_id + 1) FROM inv.m;\n"
          "ALTER STATISTICS inv.st2 SET STATISTICS 0;\n");
}

TEST_CASE("row security statement", "[policy]") {
    PlanContext context = make_context();
    const catalog::RelationRecord& table = add_table(context, 16407, "documents");
    CHECK(enable_row_security_sql(context, table) ==
          "ALTER TABLE inv.documents ENABLE ROW LEVEL SECURITY;");
}

TEST_CASE("policy for all commands", "[policy]") {
    PlanContext context = make_context();
    const catalog::RelationRecord& table = add_table(context, 16407, "documents");
    PolicyKind::PolicyRecord record = policy("documents_owner");
    record.using_expression = "(owner_name = CURRENT_USER)";
    record.with_check_expression = "(owner_name = CURRENT_USER)";
    CHECK(create_policy_sql(context, table, record) ==
          "CREATE POLICY documents_owner ON inv.documents USING ((owner_name = CURRENT_USER)) "
          "WITH CHECK ((owner_name = CURRENT_USER));\n");
}

TEST_CASE("policy restrictive with roles", "[policy]") {
    PlanContext context = make_context();
    const catalog::RelationRecord& table = add_table(context, 16407, "documents");
    PolicyKind::PolicyRecord record = policy("documents_reader");
    record.permissive = false;
    record.command = 'r';
    record.roles = "wiredump_reader";
    record.using_expression = "(body IS NOT NULL)";
    CHECK(create_policy_sql(context, table, record) ==
          "CREATE POLICY documents_reader ON inv.documents AS RESTRICTIVE FOR SELECT "
          "TO wiredump_reader USING ((body IS NOT NULL));\n");
}

TEST_CASE("policy commands", "[policy]") {
    PlanContext context = make_context();
    const catalog::RelationRecord& table = add_table(context, 16407, "documents");
    PolicyKind::PolicyRecord record = policy("p_ins");
    record.command = 'a';
    record.with_check_expression = "(id > 0)";
    CHECK(create_policy_sql(context, table, record) ==
          "CREATE POLICY p_ins ON inv.documents FOR INSERT WITH CHECK ((id > 0));\n");

    record = policy("p_upd");
    record.command = 'w';
    record.roles = "wiredump_owner, wiredump_reader";
    record.using_expression = "true";
    CHECK(create_policy_sql(context, table, record) ==
          "CREATE POLICY p_upd ON inv.documents FOR UPDATE TO wiredump_owner, wiredump_reader "
          "USING (true);\n");

    record = policy("Odd Policy");
    record.command = 'd';
    CHECK(create_policy_sql(context, table, record) ==
          "CREATE POLICY \"Odd Policy\" ON inv.documents FOR DELETE;\n");
}

TEST_CASE("policy kind entries", "[policy]") {
    PlanContext context = make_context();
    add_table(context, 16407, "documents");
    add_table(context, 16451, "plain");
    catalog::RelationRecord& table = *context.model.find_relation(16407);
    table.row_security = true;

    // Only the first table has row security. The scripted runner returns
    // one policy on it.
    class PolicyRunner final : public catalog::QueryRunner {
    public:
        std::string sent;
        std::error_code query(std::string_view sql, protocol::QueryResult& result,
                              protocol::Diagnostics&) override {
            sent = std::string(sql);
            result = {};
            for (const char* name : {"tableoid", "oid", "polrelid", "polname", "polcmd",
                                     "polpermissive", "polroles", "polqual", "polwithcheck"}) {
                protocol::ColumnDescription column;
                column.name = name;
                result.columns.push_back(column);
            }
            result.rows.push_back({"3256", "16415", "16407", "documents_owner", "*", "t",
                                   std::nullopt, "true", std::nullopt});
            return {};
        }
    } runner;

    PolicyKind kind;
    protocol::Diagnostics diagnostics;
    REQUIRE_FALSE(kind.read(runner, context, diagnostics));
    CHECK(runner.sent.find("'{16407,16451}'") != std::string::npos);

    ObjectGraph graph;
    DumpObject table_object;
    table_object.id = table.id;
    table_object.namespace_name = "inv";
    table_object.name = "documents";
    graph.add(std::move(table_object));
    kind.add_objects(context, graph);
    REQUIRE(graph.size() == 3);

    std::vector<PlannedEntry> row_security;
    graph.at(1).build_entries(1, row_security);
    REQUIRE(row_security.size() == 1);
    CHECK(row_security[0].entry.desc == "ROW SECURITY");
    CHECK(row_security[0].entry.tag == "documents");
    CHECK(row_security[0].entry.catalog_table_oid == 0);
    CHECK(row_security[0].entry.oid == 16407);
    CHECK(row_security[0].entry.section == dumpfmt::Section::post_data);
    CHECK(graph.at(1).dependencies == std::vector<int>{0});

    std::vector<PlannedEntry> policy_entries;
    graph.at(2).build_entries(2, policy_entries);
    REQUIRE(policy_entries.size() == 1);
    CHECK(policy_entries[0].entry.desc == "POLICY");
    CHECK(policy_entries[0].entry.tag == "documents documents_owner");
    CHECK(policy_entries[0].entry.namespace_name == "inv");
    CHECK(policy_entries[0].entry.owner == "app_owner");
    CHECK(policy_entries[0].entry.definition ==
          "CREATE POLICY documents_owner ON inv.documents USING (true);\n");
    CHECK(policy_entries[0].entry.drop_statement ==
          "DROP POLICY documents_owner ON inv.documents;\n");
}

TEST_CASE("publication of generated columns", "[publication]") {
    // Expected SQL is what pg_restore 18.6 printed for pg_dump 18.6's archive on PostgreSQL 18.4.
    PlanContext context = make_context();
    PublicationKind::PublicationRecord record = publication("versions_generated_18");
    record.publish_generated_stored = true;
    CHECK(create_publication_sql(context, record) ==
          "CREATE PUBLICATION versions_generated_18 WITH (publish = 'insert, update, delete, "
          "truncate', publish_generated_columns = stored);\n");
}

TEST_CASE("publication publish lists", "[publication]") {
    PlanContext context = make_context();
    PublicationKind::PublicationRecord record = publication("extra_publication");
    record.publish_delete = false;
    record.publish_truncate = false;
    CHECK(create_publication_sql(context, record) ==
          "CREATE PUBLICATION extra_publication WITH (publish = 'insert, update');\n");

    record = publication("pub_all");
    record.all_tables = true;
    record.via_partition_root = true;
    CHECK(create_publication_sql(context, record) ==
          "CREATE PUBLICATION pub_all FOR ALL TABLES WITH (publish = 'insert, update, delete, "
          "truncate', publish_via_partition_root = true);\n");

    record = publication("pub_none");
    record.publish_insert = false;
    record.publish_update = false;
    record.publish_delete = false;
    record.publish_truncate = false;
    CHECK(create_publication_sql(context, record) ==
          "CREATE PUBLICATION pub_none WITH (publish = '');\n");
}

TEST_CASE("publication table and schema", "[publication]") {
    PlanContext context = make_context();
    const catalog::RelationRecord& table = add_table(context, 16440, "event_log");
    PublicationKind::PublicationTableRecord member;
    CHECK(publication_table_sql(context, publication("extra_publication"), table, member) ==
          "ALTER PUBLICATION extra_publication ADD TABLE ONLY inv.event_log;\n");

    member.columns = {"id", "Message"};
    member.row_filter = "(id > 3)";
    CHECK(publication_table_sql(context, publication("pub_cols"), table, member) ==
          "ALTER PUBLICATION pub_cols ADD TABLE ONLY inv.event_log (id, \"Message\") "
          "WHERE ((id > 3));\n");

    CHECK(publication_schema_sql(context, publication("pub_schema"), "inv") ==
          "ALTER PUBLICATION pub_schema ADD TABLES IN SCHEMA inv;\n");
}

TEST_CASE("subscription defaults", "[subscription]") {
    PlanContext context = make_context();
    CHECK(create_subscription_sql(context, subscription()) ==
          "CREATE SUBSCRIPTION sub1 CONNECTION 'host=/tmp/run port=1 dbname=nowhere' "
          "PUBLICATION pub_all WITH (connect = false, slot_name = NONE);\n");
}

TEST_CASE("subscription every option", "[subscription]") {
    PlanContext context = make_context();
    SubscriptionKind::SubscriptionRecord record = subscription();
    record.publications = {"pub_all", "Pub Two"};
    record.slot_name = "sub1";
    record.binary = true;
    record.streaming = 't';
    record.two_phase = true;
    record.disable_on_error = true;
    record.synchronous_commit = "remote_apply";
    CHECK(create_subscription_sql(context, record) ==
          "CREATE SUBSCRIPTION sub1 CONNECTION 'host=/tmp/run port=1 dbname=nowhere' "
          "PUBLICATION pub_all, \"Pub Two\" WITH (connect = false, slot_name = 'sub1', "
          "binary = true, streaming = on, two_phase = on, disable_on_error = true, "
          "synchronous_commit = remote_apply);\n");
}

TEST_CASE("subscription options of 16 and 17", "[subscription]") {
    // Expected SQL is what pg_restore 17.12 printed for pg_dump 17.12's archive on PostgreSQL 17.10.
    PlanContext context = make_context();
    context.options.server_version_num = 170010;
    SubscriptionKind::SubscriptionRecord record = subscription();
    record.name = "sub_all";
    record.connection_info = "dbname=nowhere";
    record.publications = {"p1"};
    record.binary = true;
    record.streaming = 'p';
    record.two_phase = true;
    record.disable_on_error = true;
    record.password_required = false;
    record.run_as_owner = true;
    record.failover = true;
    record.synchronous_commit = "local";
    record.origin = "none";
    CHECK(create_subscription_sql(context, record) ==
          "CREATE SUBSCRIPTION sub_all CONNECTION 'dbname=nowhere' PUBLICATION p1 WITH (connect = "
          "false, slot_name = NONE, binary = true, streaming = parallel, two_phase = on, "
          "disable_on_error = true, password_required = false, run_as_owner = true, failover = "
          "true, synchronous_commit = local, origin = none);\n");
}

TEST_CASE("subscription streaming off on 18", "[subscription]") {
    // Expected SQL is what pg_restore 18.6 printed for pg_dump 18.6's archive on PostgreSQL 18.4.
    PlanContext context = make_context();
    context.options.server_version_num = 180004;
    SubscriptionKind::SubscriptionRecord record = subscription();
    record.name = "sub_off";
    record.connection_info = "dbname=nowhere";
    record.publications = {"p1"};
    CHECK(create_subscription_sql(context, record) ==
          "CREATE SUBSCRIPTION sub_off CONNECTION 'dbname=nowhere' PUBLICATION p1 WITH (connect = "
          "false, slot_name = NONE, streaming = off);\n");
}

TEST_CASE("event trigger plain", "[event_trigger]") {
    PlanContext context = make_context();
    CHECK(create_event_trigger_sql(context, event_trigger("note", "ddl_command_end")) ==
          "CREATE EVENT TRIGGER note ON ddl_command_end\n"
          "   EXECUTE FUNCTION inv.note_ddl();\n");
}

TEST_CASE("event trigger tags and state", "[event_trigger]") {
    PlanContext context = make_context();
    EventTriggerKind::EventTriggerRecord record = event_trigger("et2", "ddl_command_start");
    record.tags = "'CREATE TABLE', 'DROP TABLE'";
    record.enabled = 'A';
    CHECK(create_event_trigger_sql(context, record) ==
          "CREATE EVENT TRIGGER et2 ON ddl_command_start\n"
          "         WHEN TAG IN ('CREATE TABLE', 'DROP TABLE')\n"
          "   EXECUTE FUNCTION inv.note_ddl();\n"
          "\n"
          "ALTER EVENT TRIGGER et2 ENABLE ALWAYS;\n");

    record = event_trigger("extra_note_ddl", "ddl_command_end");
    record.enabled = 'D';
    CHECK(create_event_trigger_sql(context, record) ==
          "CREATE EVENT TRIGGER extra_note_ddl ON ddl_command_end\n"
          "   EXECUTE FUNCTION inv.note_ddl();\n"
          "\n"
          "ALTER EVENT TRIGGER extra_note_ddl DISABLE;\n");

    record.enabled = 'R';
    CHECK(create_event_trigger_sql(context, record).find("ENABLE REPLICA;") != std::string::npos);
}

namespace {

// Fails every query, or returns one unexpected column for every query.
class BrokenRunner final : public catalog::QueryRunner {
public:
    bool fail = true;
    int queries = 0;

    std::error_code query(std::string_view, protocol::QueryResult& result,
                          protocol::Diagnostics& diagnostics) override {
        ++queries;
        if (fail) {
            diagnostics.set_client_message("scripted failure");
            return std::make_error_code(std::errc::io_error);
        }
        result = {};
        protocol::ColumnDescription column;
        column.name = "unexpected";
        result.columns.push_back(column);
        result.rows.push_back({"x"});
        return {};
    }
};

std::vector<std::unique_ptr<ObjectKind>> post_data_kinds() {
    std::vector<std::unique_ptr<ObjectKind>> kinds;
    kinds.push_back(std::make_unique<StatisticsKind>());
    kinds.push_back(std::make_unique<PolicyKind>());
    kinds.push_back(std::make_unique<PublicationKind>());
    kinds.push_back(std::make_unique<SubscriptionKind>());
    kinds.push_back(std::make_unique<EventTriggerKind>());
    return kinds;
}

}  // namespace

TEST_CASE("post data kinds query failure", "[post_data_kinds]") {
    PlanContext context = make_context();
    add_table(context, 16407, "documents");
    auto kinds = post_data_kinds();
    for (std::size_t i = 0; i < kinds.size(); ++i) {
        INFO("kind " << i);
        BrokenRunner runner;
        protocol::Diagnostics diagnostics;
        CHECK(kinds[i]->read(runner, context, diagnostics));
        CHECK(runner.queries == 1);
        CHECK_FALSE(diagnostics.client_message().empty());
    }
}

TEST_CASE("post data kinds missing column", "[post_data_kinds]") {
    PlanContext context = make_context();
    add_table(context, 16407, "documents");
    auto kinds = post_data_kinds();
    for (std::size_t i = 0; i < kinds.size(); ++i) {
        INFO("kind " << i);
        BrokenRunner runner;
        runner.fail = false;
        protocol::Diagnostics diagnostics;
        CHECK(kinds[i]->read(runner, context, diagnostics));
        CHECK(diagnostics.client_message().find("unexpected") == std::string::npos);
        CHECK_FALSE(diagnostics.client_message().empty());
    }
}

TEST_CASE("subscriptions skipped without superuser", "[subscription]") {
    PlanContext context = make_context();
    class SettingRunner final : public catalog::QueryRunner {
    public:
        int queries = 0;
        std::error_code query(std::string_view, protocol::QueryResult& result,
                              protocol::Diagnostics&) override {
            ++queries;
            result = {};
            protocol::ColumnDescription column;
            column.name = "is_superuser";
            result.columns.push_back(column);
            result.rows.push_back({"off"});
            return {};
        }
    } runner;
    SubscriptionKind kind;
    protocol::Diagnostics diagnostics;
    REQUIRE_FALSE(kind.read(runner, context, diagnostics));
    CHECK(runner.queries == 1);

    ObjectGraph graph;
    kind.add_objects(context, graph);
    CHECK(graph.size() == 0);
}
