#include "ddl/large_object_kind.hpp"
#include "ddl/large_object_sql.hpp"
#include "hand_built_catalog.hpp"

#include <catch2/catch.hpp>

using namespace wiredump;
using namespace wiredump::ddl;
using wiredump::ddl::testing::make_context;
using wiredump::ddl::testing::owner_oid;

// Expected text is what pg_dump 15.20 wrote into its archive of the same
// large objects on a PostgreSQL 15.20 server.

namespace {

using Row = std::vector<std::optional<std::string>>;

// Returns `rows` under the large object query's column names and records the SQL.
class MetadataRunner final : public catalog::QueryRunner {
public:
    std::vector<Row> rows;
    std::vector<std::string> sent;

    std::error_code query(std::string_view sql, protocol::QueryResult& result,
                          protocol::Diagnostics&) override {
        sent.emplace_back(sql);
        result = {};
        for (const char* name : {"oid", "lomowner", "lomacl", "acldefault"}) {
            protocol::ColumnDescription column;
            column.name = name;
            result.columns.push_back(column);
        }
        result.rows = rows;
        return {};
    }
};

std::vector<dumpfmt::TocEntry> build_all(const ObjectGraph& graph) {
    std::vector<dumpfmt::TocEntry> entries;
    int dump_id = 1;
    for (int i = 0; i < graph.size(); ++i) {
        std::vector<PlannedEntry> planned;
        graph.at(i).build_entries(i, planned);
        for (auto& item : planned) {
            item.entry.dump_id = dump_id++;
            entries.push_back(item.entry);
        }
    }
    return entries;
}

}  // namespace

TEST_CASE("large object statements", "[large_object]") {
    CHECK(create_large_object_sql(16405) == "SELECT pg_catalog.lo_create('16405');\n");
    CHECK(drop_large_object_sql(16405) == "SELECT pg_catalog.lo_unlink('16405');\n");
    // OIDs above 2^31 stay unsigned in the SQL.
    CHECK(create_large_object_sql(3000000000u) == "SELECT pg_catalog.lo_create('3000000000');\n");
}

TEST_CASE("large object kind entries", "[large_object]") {
    PlanContext context = make_context();
    context.model.comments[{2613, 5001}][0] = "one byte";
    const std::string default_acl = "{app_owner=rw/app_owner}";

    MetadataRunner runner;
    runner.rows = {
        {"5000", std::to_string(owner_oid), std::nullopt, default_acl},
        {"5001", std::to_string(owner_oid), "{app_owner=rw/app_owner,=r/app_owner}", default_acl},
    };
    LargeObjectKind kind;
    protocol::Diagnostics diagnostics;
    REQUIRE_FALSE(kind.read(runner, context, diagnostics));
    REQUIRE(runner.sent.size() == 1);
    CHECK(runner.sent[0].find("pg_catalog.pg_largeobject_metadata") != std::string::npos);

    ObjectGraph graph;
    kind.add_objects(context, graph);
    REQUIRE(graph.size() == 3);
    CHECK(graph.at(0).type == ObjectType::large_object);
    CHECK(graph.at(0).name == "5000");
    CHECK(graph.at(2).type == ObjectType::large_object_data);
    CHECK(graph.at(2).boundary == BoundarySide::data);

    std::vector<dumpfmt::TocEntry> entries = build_all(graph);
    REQUIRE(entries.size() == 5);

    const dumpfmt::TocEntry& blob = entries[0];
    CHECK(blob.desc == "BLOB");
    CHECK(blob.tag == "5000");
    CHECK(blob.catalog_table_oid == 2613);
    CHECK(blob.oid == 5000);
    CHECK(blob.section == dumpfmt::Section::pre_data);
    CHECK(blob.owner == std::optional<std::string>("app_owner"));
    CHECK(blob.definition == std::optional<std::string>("SELECT pg_catalog.lo_create('5000');\n"));
    CHECK_FALSE(blob.namespace_name);

    CHECK(entries[1].tag == "5001");
    CHECK(entries[2].desc == "COMMENT");
    CHECK(entries[2].tag == "LARGE OBJECT 5001");
    CHECK(entries[2].definition ==
          std::optional<std::string>("COMMENT ON LARGE OBJECT 5001 IS 'one byte';\n"));
    CHECK(entries[3].desc == "ACL");
    CHECK(entries[3].tag == "LARGE OBJECT 5001");
    CHECK(entries[3].definition ==
          std::optional<std::string>("GRANT SELECT ON LARGE OBJECT 5001 TO PUBLIC;\n"));

    const dumpfmt::TocEntry& blobs = entries[4];
    CHECK(blobs.desc == "BLOBS");
    CHECK(blobs.tag == "BLOBS");
    CHECK(blobs.has_data);
    CHECK(blobs.section == dumpfmt::Section::data);
    CHECK(blobs.catalog_table_oid == 0);
    CHECK_FALSE(blobs.owner);
    CHECK_FALSE(blobs.definition);
}

TEST_CASE("large object kind without objects", "[large_object]") {
    PlanContext context = make_context();
    MetadataRunner runner;
    LargeObjectKind kind;
    protocol::Diagnostics diagnostics;
    REQUIRE_FALSE(kind.read(runner, context, diagnostics));

    ObjectGraph graph;
    kind.add_objects(context, graph);
    CHECK(graph.size() == 0);
}

TEST_CASE("large object data job order", "[large_object]") {
    std::vector<dumpfmt::TocEntry> entries(4);
    entries[0].desc = "BLOB";
    entries[0].oid = 3000000000u;
    entries[1].desc = "BLOB";
    entries[1].oid = 5000;
    entries[2].desc = "COMMENT";
    entries[2].oid = 0;
    entries[3].desc = "BLOBS";
    entries[3].dump_id = 19;

    std::vector<LargeObjectDataJob> jobs = find_large_object_data(entries);
    REQUIRE(jobs.size() == 1);
    CHECK(jobs[0].dump_id == 19);
    CHECK(jobs[0].oids == std::vector<std::uint32_t>{5000, 3000000000u});
}

TEST_CASE("large object data job absent", "[large_object]") {
    std::vector<dumpfmt::TocEntry> entries(1);
    entries[0].desc = "TABLE";
    CHECK(find_large_object_data(entries).empty());
}

// The expected 1.16 entry fields are those of pg_dump 17.12's archive of
// large objects on a PostgreSQL 15.20 server.

namespace {

LargeObjectRow make_row(std::uint32_t oid, std::uint32_t owner, std::optional<std::string> acl) {
    return {oid, owner, std::move(acl), acl ? "GRANT ... " + std::to_string(oid) : ""};
}

}  // namespace

TEST_CASE("large object group names and lists", "[large_object]") {
    CHECK(large_object_group_name({16391, 16392, 17420}) == "16391..17420");
    CHECK(large_object_group_name({16391}) == "16391");
    CHECK(large_object_oid_list({16391, 3000000000u}) == "16391\n3000000000\n");
}

TEST_CASE("large object grouping by owner and ACL", "[large_object]") {
    const std::string granted = "{alice=rw/alice,reader=r/alice}";
    std::vector<LargeObjectRow> rows = {
        make_row(10, 1, granted), make_row(11, 1, granted),
        make_row(5, 1, std::nullopt), make_row(12, 1, std::nullopt),
        make_row(7, 2, std::nullopt),
    };
    std::vector<LargeObjectGroup> groups = group_large_objects(rows);
    REQUIRE(groups.size() == 3);

    CHECK(groups[0].owner_oid == 1);
    CHECK(groups[0].oids == std::vector<std::uint32_t>{10, 11});
    // The group keeps the first member's statements, which name its OID.
    CHECK(groups[0].acl_sql == "GRANT ... 10");

    CHECK(groups[1].oids == std::vector<std::uint32_t>{5, 12});
    CHECK(groups[1].acl_sql.empty());

    CHECK(groups[2].owner_oid == 2);
    CHECK(groups[2].oids == std::vector<std::uint32_t>{7});
}

TEST_CASE("large object grouping at the size limit", "[large_object]") {
    std::vector<LargeObjectRow> rows;
    for (std::uint32_t oid = 1; oid <= 2 * max_large_objects_per_group + 1; ++oid) {
        rows.push_back(make_row(oid, 1, std::nullopt));
    }
    std::vector<LargeObjectGroup> groups = group_large_objects(rows);
    REQUIRE(groups.size() == 3);
    CHECK(groups[0].oids.size() == max_large_objects_per_group);
    CHECK(groups[1].oids.front() == max_large_objects_per_group + 1);
    CHECK(groups[1].oids.size() == max_large_objects_per_group);
    CHECK(groups[2].oids == std::vector<std::uint32_t>{2 * max_large_objects_per_group + 1});
    CHECK(group_large_objects({}).empty());
}

TEST_CASE("large object metadata entries", "[large_object]") {
    PlanContext context = make_context();
    context.options.group_large_objects = true;
    context.model.comments[{2613, 5001}][0] = "one byte";
    const std::string default_acl = "{app_owner=rw/app_owner}";

    MetadataRunner runner;
    runner.rows = {
        {"5000", std::to_string(owner_oid), "{app_owner=rw/app_owner,=r/app_owner}", default_acl},
        {"5001", std::to_string(owner_oid), "{app_owner=rw/app_owner,=r/app_owner}", default_acl},
        {"4000", std::to_string(owner_oid), std::nullopt, default_acl},
    };
    LargeObjectKind kind;
    protocol::Diagnostics diagnostics;
    REQUIRE_FALSE(kind.read(runner, context, diagnostics));
    CHECK(runner.sent[0].find("ORDER BY lomowner, lomacl::pg_catalog.text, oid") != std::string::npos);

    ObjectGraph graph;
    kind.add_objects(context, graph);
    REQUIRE(graph.size() == 4);
    CHECK(graph.at(0).type == ObjectType::large_object_metadata);
    CHECK(graph.at(0).name == "5000..5001");
    CHECK(graph.at(0).boundary == BoundarySide::data);
    CHECK(graph.at(1).type == ObjectType::large_object_data);
    CHECK(graph.at(1).name == "5000..5001");
    CHECK(graph.at(1).dependencies == std::vector<int>{0});
    CHECK(graph.at(2).name == "4000");
    CHECK(graph.at(3).dependencies == std::vector<int>{2});

    std::vector<dumpfmt::TocEntry> entries = build_all(graph);
    REQUIRE(entries.size() == 6);

    const dumpfmt::TocEntry& metadata = entries[0];
    CHECK(metadata.desc == "BLOB METADATA");
    CHECK(metadata.tag == "5000..5001");
    CHECK(metadata.catalog_table_oid == 2613);
    CHECK(metadata.oid == 5000);
    CHECK(metadata.section == dumpfmt::Section::data);
    CHECK(metadata.owner == std::optional<std::string>("app_owner"));
    CHECK(metadata.definition == std::optional<std::string>("5000\n5001\n"));
    CHECK(metadata.drop_statement == std::optional<std::string>("-- dummy"));
    CHECK_FALSE(metadata.has_data);

    CHECK(entries[1].desc == "COMMENT");
    CHECK(entries[1].tag == "LARGE OBJECT 5001");
    CHECK(entries[1].section == dumpfmt::Section::none);
    CHECK(entries[1].owner == std::optional<std::string>("app_owner"));
    CHECK(entries[2].desc == "ACL");
    CHECK(entries[2].tag == "LARGE OBJECTS 5000..5001");
    CHECK(entries[2].definition ==
          std::optional<std::string>("GRANT SELECT ON LARGE OBJECT 5000 TO PUBLIC;\n"));

    const dumpfmt::TocEntry& blobs = entries[3];
    CHECK(blobs.desc == "BLOBS");
    CHECK(blobs.tag == "5000..5001");
    CHECK(blobs.has_data);
    CHECK(blobs.section == dumpfmt::Section::data);
    CHECK(blobs.catalog_table_oid == 0);
    CHECK(blobs.owner == std::optional<std::string>("app_owner"));
    CHECK_FALSE(blobs.definition);

    CHECK(entries[4].tag == "4000");
    CHECK(entries[4].definition == std::optional<std::string>("4000\n"));
    CHECK(entries[5].tag == "4000");
}

TEST_CASE("large object data jobs per group", "[large_object]") {
    std::vector<dumpfmt::TocEntry> entries(4);
    entries[0].desc = "BLOB METADATA";
    entries[0].dump_id = 7;
    entries[0].definition = "3000000000\n5000\n";
    entries[1].desc = "BLOB METADATA";
    entries[1].dump_id = 8;
    entries[1].definition = "6000\n";
    entries[2].desc = "BLOBS";
    entries[2].dump_id = 9;
    entries[2].dependencies = {8};
    entries[3].desc = "BLOBS";
    entries[3].dump_id = 10;
    entries[3].dependencies = {7};

    std::vector<LargeObjectDataJob> jobs = find_large_object_data(entries);
    REQUIRE(jobs.size() == 2);
    CHECK(jobs[0].dump_id == 9);
    CHECK(jobs[0].oids == std::vector<std::uint32_t>{6000});
    CHECK(jobs[1].dump_id == 10);
    CHECK(jobs[1].oids == std::vector<std::uint32_t>{5000, 3000000000u});
}
