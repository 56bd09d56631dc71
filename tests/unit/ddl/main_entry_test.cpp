#include "ddl/extension_membership.hpp"
#include "ddl/main_entry.hpp"
#include "hand_built_catalog.hpp"

#include <catch2/catch.hpp>

// The entry and comment helpers that most object kinds share, and the
// catalog lookups that their reads share.

using namespace wiredump;
using namespace wiredump::ddl;
using wiredump::ddl::testing::make_context;
using wiredump::ddl::testing::schema_oid;

namespace {

constexpr std::uint32_t pg_collation_oid = 3456;

}  // namespace

TEST_CASE("start_object_entry sets shared fields", "[ddl][entry]") {
    PlannedEntry planned = start_object_entry({pg_collation_oid, 17001}, "nocase", "COLLATION",
                                              dumpfmt::Section::post_data, "inv", "app_owner");

    CHECK(planned.is_main);
    CHECK(planned.entry.catalog_table_oid == pg_collation_oid);
    CHECK(planned.entry.oid == 17001u);
    CHECK(planned.entry.tag == "nocase");
    CHECK(planned.entry.desc == "COLLATION");
    CHECK(planned.entry.section == dumpfmt::Section::post_data);
    CHECK(planned.entry.namespace_name == std::optional<std::string>("inv"));
    CHECK(planned.entry.owner == std::optional<std::string>("app_owner"));
    CHECK_FALSE(planned.entry.definition);
    CHECK_FALSE(planned.entry.drop_statement);
    CHECK_FALSE(planned.dependency_objects);
}

TEST_CASE("start_object_entry keeps unset apart from empty", "[ddl][entry]") {
    PlannedEntry unset = start_object_entry({pg_collation_oid, 17001}, "nocase", "COLLATION",
                                            dumpfmt::Section::pre_data, std::nullopt, std::nullopt);
    CHECK_FALSE(unset.entry.namespace_name);
    CHECK_FALSE(unset.entry.owner);

    PlannedEntry empty = start_object_entry({pg_collation_oid, 17001}, "nocase", "COLLATION",
                                            dumpfmt::Section::pre_data, std::string(),
                                            std::string());
    REQUIRE(empty.entry.namespace_name);
    CHECK(empty.entry.namespace_name->empty());
    REQUIRE(empty.entry.owner);
    CHECK(empty.entry.owner->empty());
}

TEST_CASE("add_object_comment without comment adds nothing", "[ddl][entry]") {
    PlanContext context = make_context();
    std::vector<PlannedEntry> entries;

    add_object_comment(context, {pg_collation_oid, 17001},
                       {"COLLATION", "nocase", "inv", "app_owner", {}}, entries);

    CHECK(entries.empty());
}

TEST_CASE("add_object_comment appends the comment", "[ddl][entry]") {
    PlanContext context = make_context();
    context.model.comments[{pg_collation_oid, 17001}][0] = "ignores case";
    // A comment on another object of the same catalog must not match.
    context.model.comments[{pg_collation_oid, 17002}][0] = "other";
    std::vector<PlannedEntry> entries;

    add_object_comment(context, {pg_collation_oid, 17001},
                       {"COLLATION", "nocase", "inv", "app_owner", {}}, entries);

    REQUIRE(entries.size() == 1);
    const PlannedEntry& comment = entries[0];
    CHECK_FALSE(comment.is_main);
    CHECK(comment.entry.desc == "COMMENT");
    CHECK(comment.entry.section == dumpfmt::Section::none);
    CHECK(comment.entry.tag == "COLLATION nocase");
    CHECK(comment.entry.definition ==
          std::optional<std::string>("COMMENT ON COLLATION inv.nocase IS 'ignores case';\n"));
    CHECK(comment.entry.namespace_name == std::optional<std::string>("inv"));
    CHECK(comment.entry.owner == std::optional<std::string>("app_owner"));
}

TEST_CASE("dumped_namespaces skips undumped schemas", "[ddl][entry]") {
    PlanContext context = make_context();
    catalog::NamespaceRecord skipped;
    skipped.id = {catalog::pg_namespace_oid, schema_oid + 1};
    skipped.name = "pg_toast";
    skipped.dumped = false;
    context.model.namespaces.push_back(skipped);
    catalog::NamespaceRecord dumped;
    dumped.id = {catalog::pg_namespace_oid, schema_oid + 2};
    dumped.name = "audit";
    dumped.dumped = true;
    context.model.namespaces.push_back(dumped);

    CHECK(context.dumped_namespaces() == std::vector<std::uint32_t>{schema_oid, schema_oid + 2});
}

TEST_CASE("extension_member_oids collects every member", "[ddl][entry]") {
    catalog::CatalogModel model;
    CHECK(extension_member_oids(model).empty());

    model.extension_members.push_back({{pg_collation_oid, 17001}, 16600});
    model.extension_members.push_back({{catalog::pg_class_oid, 17010}, 16601});

    const auto members = extension_member_oids(model);
    CHECK(members.size() == 2);
    CHECK(members.count(17001) == 1);
    CHECK(members.count(17010) == 1);
    CHECK(members.count(16600) == 0);
}
