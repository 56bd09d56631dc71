#include "ddl/subscription_kind.hpp"

#include "catalog/result_columns.hpp"
#include "ddl/comment_entries.hpp"
#include "ddl/main_entry.hpp"
#include "ddl/security_label_entries.hpp"

namespace wiredump::ddl {

namespace {

constexpr const char* superuser_query =
    "SELECT pg_catalog.current_setting('is_superuser') AS is_superuser";

// Columns that older servers lack get the values that mean "not set".
std::string subscriptions_query(int server_version_num) {
    std::string sql = "SELECT s.tableoid, s.oid, s.subname, s.subowner, s.subconninfo, "
                      "s.subslotname, s.subsynccommit, s.subpublications, ";
    sql += server_version_num >= 140000 ? "s.subbinary, s.substream, "
                                        : "false AS subbinary, false AS substream, ";
    sql += server_version_num >= 150000
               ? "s.subtwophasestate, s.subdisableonerr, "
               : "'d' AS subtwophasestate, false AS subdisableonerr, ";
    sql += server_version_num >= 160000
               ? "s.subpasswordrequired, s.subrunasowner, s.suborigin, "
               : "true AS subpasswordrequired, false AS subrunasowner, 'any' AS suborigin, ";
    sql += server_version_num >= 170000 ? "s.subfailover " : "false AS subfailover ";
    return sql + "FROM pg_catalog.pg_subscription s WHERE s.subdbid = "
                 "(SELECT oid FROM pg_catalog.pg_database WHERE datname = "
                 "pg_catalog.current_database()) ORDER BY s.oid";
}

void build_subscription_entries(const PlanContext& context,
                                const SubscriptionKind::SubscriptionRecord& subscription,
                                std::vector<PlannedEntry>& entries) {
    const std::string owner = context.owner_name(subscription.owner_oid);
    const std::string name = context.quote(subscription.name);

    PlannedEntry planned = start_object_entry(subscription.id, subscription.name, "SUBSCRIPTION",
                                              dumpfmt::Section::post_data, std::nullopt, owner);
    planned.entry.definition = create_subscription_sql(context, subscription);
    planned.entry.drop_statement = "DROP SUBSCRIPTION " + name + ";\n";
    entries.push_back(std::move(planned));

    const CommentTarget target{"SUBSCRIPTION", name, std::nullopt, owner, {}};
    add_object_comment(context, subscription.id, target, entries);
    add_object_security_labels(context, subscription.id, target, entries);
}

}  // namespace

std::string create_subscription_sql(const PlanContext& context,
                                    const SubscriptionKind::SubscriptionRecord& subscription) {
    std::string sql = "CREATE SUBSCRIPTION " + context.quote(subscription.name) +
                      " CONNECTION " + context.literal(subscription.connection_info) +
                      " PUBLICATION ";
    for (std::size_t i = 0; i < subscription.publications.size(); ++i) {
        if (i > 0) sql += ", ";
        sql += context.quote(subscription.publications[i]);
    }

    sql += " WITH (connect = false, slot_name = ";
    sql += subscription.slot_name ? context.literal(*subscription.slot_name) : "NONE";
    if (subscription.binary) sql += ", binary = true";
    if (subscription.streaming == 't') {
        sql += ", streaming = on";
    } else if (subscription.streaming == 'p') {
        sql += ", streaming = parallel";
    } else if (context.options.server_version_num >= 180000) {
        // Streaming is parallel by default from PostgreSQL 18 on, so pg_dump 18 writes "off".
        sql += ", streaming = off";
    }
    if (subscription.two_phase) sql += ", two_phase = on";
    if (subscription.disable_on_error) sql += ", disable_on_error = true";
    if (!subscription.password_required) sql += ", password_required = false";
    if (subscription.run_as_owner) sql += ", run_as_owner = true";
    if (subscription.failover) sql += ", failover = true";
    if (subscription.synchronous_commit != "off") {
        sql += ", synchronous_commit = " + context.quote(subscription.synchronous_commit);
    }
    if (subscription.origin != "any") sql += ", origin = " + subscription.origin;
    return sql + ");\n";
}

std::error_code SubscriptionKind::read(catalog::QueryRunner& runner, PlanContext& context,
                                       protocol::Diagnostics& diagnostics) {
    // Subscriptions exist from PostgreSQL 10 on.
    if (context.options.server_version_num < 100000) return {};

    // NOTE: pg_dump 15 warns when it skips subscriptions for a non-superuser.
    // The plan has no warning channel, so they are skipped without a message.
    protocol::QueryResult result;
    if (auto error = catalog::run_catalog_query(runner, superuser_query, "the is_superuser setting",
                                                result, diagnostics)) {
        return error;
    }
    catalog::ResultColumns setting;
    if (auto error = setting.bind(result, {"is_superuser"}, "the is_superuser setting",
                                  diagnostics)) {
        return error;
    }
    if (setting.row_count() == 0 || setting.text(0, 0) != "on") return {};

    if (auto error = catalog::run_catalog_query(runner,
                                                subscriptions_query(
                                                    context.options.server_version_num),
                                                "subscriptions (pg_subscription)", result,
                                                diagnostics)) {
        return error;
    }
    catalog::ResultColumns columns;
    if (auto error = columns.bind(result,
                                  {"tableoid", "oid", "subname", "subowner", "subconninfo",
                                   "subslotname", "subsynccommit", "subpublications", "subbinary",
                                   "substream", "subtwophasestate", "subdisableonerr",
                                   "subpasswordrequired", "subrunasowner", "suborigin",
                                   "subfailover"},
                                  "subscriptions", diagnostics)) {
        return error;
    }
    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        SubscriptionRecord subscription;
        subscription.id = {columns.oid(row, 0), columns.oid(row, 1)};
        subscription.name = columns.text(row, 2);
        subscription.owner_oid = columns.oid(row, 3);
        subscription.connection_info = columns.text(row, 4);
        subscription.slot_name = columns.optional_text(row, 5);
        subscription.synchronous_commit = columns.text(row, 6);
        subscription.publications = catalog::parse_text_array(columns.text(row, 7));
        subscription.binary = columns.boolean(row, 8);
        // substream is a boolean before PostgreSQL 16, whose text form is 't' or 'f' too.
        const std::string streaming = columns.text(row, 9);
        subscription.streaming = streaming.empty() ? 'f' : streaming.front();
        subscription.two_phase = columns.text(row, 10) != "d";
        subscription.disable_on_error = columns.boolean(row, 11);
        subscription.password_required = columns.boolean(row, 12);
        subscription.run_as_owner = columns.boolean(row, 13);
        subscription.origin = columns.text(row, 14);
        subscription.failover = columns.boolean(row, 15);
        subscriptions_.push_back(std::move(subscription));
    }
    return {};
}

void SubscriptionKind::add_objects(const PlanContext& context, ObjectGraph& graph) {
    for (const auto& subscription : subscriptions_) {
        DumpObject object;
        object.type = ObjectType::subscription;
        object.id = subscription.id;
        object.name = subscription.name;
        object.boundary = BoundarySide::post_data;
        object.build_entries = [&context, &subscription](int, std::vector<PlannedEntry>& entries) {
            build_subscription_entries(context, subscription, entries);
        };
        graph.add(std::move(object));
    }
}

}  // namespace wiredump::ddl
