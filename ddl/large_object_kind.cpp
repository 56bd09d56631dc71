#include "ddl/large_object_kind.hpp"

#include "catalog/result_columns.hpp"
#include "ddl/acl_entries.hpp"
#include "ddl/comment_entries.hpp"
#include "ddl/large_object_sql.hpp"
#include "ddl/main_entry.hpp"

#include <algorithm>

namespace wiredump::ddl {

namespace {

// pg_largeobject: the catalog that BLOB entries and large object comments
// are identified by, although the rows live in pg_largeobject_metadata.
constexpr std::uint32_t pg_largeobject_oid = 2613;

// The tag and description of the one entry whose data block contains every large object.
constexpr const char* blobs_tag = "BLOBS";

AclTarget acl_target(const std::string& oid_text, const std::string& owner) {
    return {"LARGE OBJECT", oid_text, {}, {}, owner, {}};
}

void build_blob_entries(const PlanContext& context, std::uint32_t oid, std::uint32_t owner_oid,
                        const std::string& acl_sql, std::vector<PlannedEntry>& entries) {
    const std::string oid_text = std::to_string(oid);
    const std::string owner = context.owner_name(owner_oid);

    const catalog::CatalogId id{pg_largeobject_oid, oid};
    PlannedEntry planned = start_object_entry(id, oid_text, "BLOB", dumpfmt::Section::pre_data,
                                              std::nullopt, owner);
    planned.entry.definition = create_large_object_sql(oid);
    planned.entry.drop_statement = drop_large_object_sql(oid);
    entries.push_back(std::move(planned));

    add_object_comment(context, id, {"LARGE OBJECT", oid_text, std::nullopt, owner, {}}, entries);
    add_acl_entry(acl_target(oid_text, owner), acl_sql, entries);
}

void build_blobs_entry(std::vector<PlannedEntry>& entries) {
    PlannedEntry planned;
    planned.entry.tag = blobs_tag;
    planned.entry.desc = blobs_tag;
    planned.entry.section = dumpfmt::Section::data;
    planned.entry.has_data = true;
    entries.push_back(std::move(planned));
}

}  // namespace

std::error_code LargeObjectKind::read(catalog::QueryRunner& runner, PlanContext& context,
                                      protocol::Diagnostics& diagnostics) {
    if (!context.dumps_large_objects()) return {};

    protocol::QueryResult result;
    catalog::ResultColumns columns;
    std::error_code error = catalog::query_catalog_columns(
        runner,
        "SELECT oid, lomowner, lomacl, pg_catalog.acldefault('L', lomowner) AS acldefault "
        "FROM pg_catalog.pg_largeobject_metadata ORDER BY oid",
        "large objects", {"oid", "lomowner", "lomacl", "acldefault"}, result, columns, diagnostics);
    if (error) return error;

    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        LargeObject large_object;
        large_object.oid = columns.oid(row, 0);
        large_object.owner_oid = columns.oid(row, 1);

        const std::string oid_text = std::to_string(large_object.oid);
        AclSource source{columns.optional_text(row, 2), columns.text(row, 3), std::nullopt};
        error = acl_statements(context, acl_target(oid_text, context.owner_name(large_object.owner_oid)),
                               source, large_object.acl_sql);
        if (error) {
            diagnostics.set_client_message("could not read the privileges of large object " +
                                           oid_text + ": " + error.message());
            return error;
        }
        large_objects_.push_back(std::move(large_object));
    }
    return {};
}

void LargeObjectKind::add_objects(const PlanContext& context, ObjectGraph& graph) {
    for (const auto& large_object : large_objects_) {
        DumpObject object;
        object.type = ObjectType::large_object;
        object.id = {pg_largeobject_oid, large_object.oid};
        // pg_dump names each large object by its OID text and sorts on that
        // name, so 3000000000 comes before 5000.
        object.name = std::to_string(large_object.oid);
        object.build_entries = [&context, &large_object](int, std::vector<PlannedEntry>& entries) {
            build_blob_entries(context, large_object.oid, large_object.owner_oid,
                               large_object.acl_sql, entries);
        };
        graph.add(std::move(object));
    }

    // pg_dump adds the BLOBS entry only when there is at least one large object.
    if (large_objects_.empty()) return;
    DumpObject data;
    data.type = ObjectType::large_object_data;
    data.name = blobs_tag;
    data.boundary = BoundarySide::data;
    data.build_entries = [](int, std::vector<PlannedEntry>& entries) { build_blobs_entry(entries); };
    graph.add(std::move(data));
}

std::optional<LargeObjectDataJob> find_large_object_data(
    const std::vector<dumpfmt::TocEntry>& entries) {
    std::optional<LargeObjectDataJob> job;
    std::vector<std::uint32_t> oids;
    for (const auto& entry : entries) {
        if (entry.desc == blobs_tag) {
            job.emplace();
            job->dump_id = entry.dump_id;
        } else if (entry.desc == "BLOB") {
            oids.push_back(entry.oid);
        }
    }
    if (!job) return job;

    // The BLOB entries sort by OID text, but pg_dump 15 reads the data with
    // ORDER BY oid, so the data block lists them numerically.
    std::sort(oids.begin(), oids.end());
    job->oids = std::move(oids);
    return job;
}

}  // namespace wiredump::ddl
