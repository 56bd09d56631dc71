#include "ddl/security_label_entries.hpp"

#include "hand_built_catalog.hpp"

#include <catch2/catch.hpp>

using namespace wiredump;
using namespace wiredump::ddl;
using namespace wiredump::ddl::testing;

// Expected text and tags are what pg_restore 15.20 printed for pg_dump 15.20's archive of
// PostgreSQL 15.20 objects with the same labels, inserted into pg_seclabel and pg_shseclabel.

namespace {

constexpr std::uint32_t pg_proc_oid = catalog::pg_proc_oid;

void add_label(PlanContext& context, catalog::CatalogId id, std::int64_t subid,
               std::string provider, std::string label) {
    context.model.security_labels[{id.catalog_table_oid, id.oid}].push_back(
        {subid, std::move(provider), std::move(label)});
}

}  // namespace

TEST_CASE("object security labels in one entry", "[ddl][security_label]") {
    PlanContext context = make_context();
    const catalog::CatalogId function{pg_proc_oid, 17000};
    add_label(context, function, 0, "selinux", "system_u:object_r:sepgsql_proc_exec_t:s0");
    add_label(context, function, 0, "Audit Provider", "it's audited");

    std::vector<PlannedEntry> entries;
    add_object_security_labels(context, function, {"FUNCTION", "twice(integer)", "inv", "app_owner", {}},
                               entries);

    REQUIRE(entries.size() == 1);
    const dumpfmt::TocEntry& entry = entries[0].entry;
    CHECK_FALSE(entries[0].is_main);
    CHECK(entry.desc == "SECURITY LABEL");
    CHECK(entry.tag == "FUNCTION twice(integer)");
    CHECK(entry.section == dumpfmt::Section::none);
    CHECK(entry.namespace_name == std::optional<std::string>("inv"));
    CHECK(entry.owner == std::optional<std::string>("app_owner"));
    CHECK(entry.definition ==
          "SECURITY LABEL FOR selinux ON FUNCTION inv.twice(integer) IS "
          "'system_u:object_r:sepgsql_proc_exec_t:s0';\n"
          "SECURITY LABEL FOR \"Audit Provider\" ON FUNCTION inv.twice(integer) IS "
          "'it''s audited';\n");
}

TEST_CASE("object security labels without schema", "[ddl][security_label]") {
    PlanContext context = make_context();
    const catalog::CatalogId large_object{2613, 424201};
    add_label(context, large_object, 0, "selinux", "first");

    std::vector<PlannedEntry> entries;
    add_object_security_labels(context, large_object,
                               {"LARGE OBJECT", "424201", std::nullopt, "app_owner", {}}, entries);

    REQUIRE(entries.size() == 1);
    CHECK(entries[0].entry.tag == "LARGE OBJECT 424201");
    CHECK_FALSE(entries[0].entry.namespace_name.has_value());
    CHECK(entries[0].entry.definition ==
          "SECURITY LABEL FOR selinux ON LARGE OBJECT 424201 IS 'first';\n");
}

TEST_CASE("object security labels absent", "[ddl][security_label]") {
    PlanContext context = make_context();
    const catalog::CatalogId function{pg_proc_oid, 17000};
    // A column-level row on a non-relation is not the object's label.
    add_label(context, function, 1, "selinux", "ignored");

    std::vector<PlannedEntry> entries;
    add_object_security_labels(context, function, {"FUNCTION", "f()", "inv", "app_owner", {}},
                               entries);
    CHECK(entries.empty());
}

TEST_CASE("relation security labels with columns", "[ddl][security_label]") {
    PlanContext context = make_context();
    catalog::RelationRecord& table = add_table(context, 16600, "items");
    add_column(context, 16600, "qty", "integer");
    add_column(context, 16600, "Item Name", "text");
    // Rows arrive sorted by sub-id, as the catalog query orders them.
    add_label(context, table.id, 0, "selinux", "items table");
    add_label(context, table.id, 0, "Audit Provider", "audited");
    add_label(context, table.id, 1, "selinux", "quantity");
    add_label(context, table.id, 2, "selinux", "item name");

    std::vector<PlannedEntry> entries;
    add_relation_security_labels(context, table, "TABLE", entries);

    REQUIRE(entries.size() == 1);
    const dumpfmt::TocEntry& entry = entries[0].entry;
    CHECK(entry.desc == "SECURITY LABEL");
    CHECK(entry.tag == "TABLE items");
    CHECK(entry.namespace_name == std::optional<std::string>("inv"));
    CHECK(entry.owner == std::optional<std::string>("app_owner"));
    CHECK(entry.definition ==
          "SECURITY LABEL FOR selinux ON TABLE inv.items IS 'items table';\n"
          "SECURITY LABEL FOR \"Audit Provider\" ON TABLE inv.items IS 'audited';\n"
          "SECURITY LABEL FOR selinux ON COLUMN inv.items.qty IS 'quantity';\n"
          "SECURITY LABEL FOR selinux ON COLUMN inv.items.\"Item Name\" IS 'item name';\n");
}

TEST_CASE("relation security labels on view column only", "[ddl][security_label]") {
    PlanContext context = make_context();
    catalog::RelationRecord& view = add_table(context, 16610, "user", 'v');
    add_column(context, 16610, "select", "integer");
    add_label(context, view.id, 1, "selinux", "view column");

    std::vector<PlannedEntry> entries;
    add_relation_security_labels(context, view, "VIEW", entries);

    REQUIRE(entries.size() == 1);
    CHECK(entries[0].entry.tag == "VIEW \"user\"");
    CHECK(entries[0].entry.definition ==
          "SECURITY LABEL FOR selinux ON COLUMN inv.\"user\".\"select\" IS 'view column';\n");
}

TEST_CASE("relation security labels skip unknown columns", "[ddl][security_label]") {
    PlanContext context = make_context();
    catalog::RelationRecord& table = add_table(context, 16620, "items");
    add_column(context, 16620, "qty", "integer");
    add_label(context, table.id, -1, "selinux", "system column");
    add_label(context, table.id, 7, "selinux", "no such column");

    std::vector<PlannedEntry> entries;
    add_relation_security_labels(context, table, "TABLE", entries);
    CHECK(entries.empty());
}

TEST_CASE("database security labels", "[ddl][security_label]") {
    PlanContext context = make_context();
    context.model.database.name = "Labelled DB";
    CHECK(database_security_labels_sql(context).empty());

    context.model.database_security_labels.push_back({0, "selinux", "database"});
    context.model.database_security_labels.push_back({0, "audit", "o'clock"});
    CHECK(database_security_labels_sql(context) ==
          "SECURITY LABEL FOR selinux ON DATABASE \"Labelled DB\" IS 'database';\n"
          "SECURITY LABEL FOR audit ON DATABASE \"Labelled DB\" IS 'o''clock';\n");
}
