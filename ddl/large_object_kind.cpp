#include "ddl/large_object_kind.hpp"

#include "catalog/result_columns.hpp"
#include "ddl/acl_entries.hpp"
#include "ddl/comment_entries.hpp"
#include "ddl/large_object_sql.hpp"
#include "ddl/main_entry.hpp"
#include "ddl/security_label_entries.hpp"

#include <algorithm>
#include <unordered_map>

namespace wiredump::ddl {

namespace {

// pg_largeobject: the catalog that BLOB and BLOB METADATA entries and large object comments
// are identified by, although the rows live in pg_largeobject_metadata.
constexpr std::uint32_t pg_largeobject_oid = 2613;

// The description of the entries whose data blocks contain the large
// objects' bytes, and the tag of the single one in the 1.14 layout.
constexpr const char* blobs_tag = "BLOBS";
constexpr const char* metadata_desc = "BLOB METADATA";

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

    const CommentTarget target{"LARGE OBJECT", oid_text, std::nullopt, owner, {}};
    add_object_comment(context, id, target, entries);
    add_object_security_labels(context, id, target, entries);
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

// A BLOB METADATA entry as pg_dump 17 writes it: data section, catalog id of
// the first large object, the OID list as definition and a placeholder drop
// statement. pg_restore 17 turns it into lo_create and ALTER LARGE OBJECT
// OWNER statements, and applies the group's ACL entry to every member.
void build_metadata_entries(const PlanContext& context, const LargeObjectGroup& group,
                            std::vector<PlannedEntry>& entries) {
    const std::string name = large_object_group_name(group.oids);
    const std::string owner = context.owner_name(group.owner_oid);

    const catalog::CatalogId id{pg_largeobject_oid, group.oids.front()};
    PlannedEntry planned = start_object_entry(id, name, metadata_desc, dumpfmt::Section::data,
                                              std::nullopt, owner);
    planned.entry.definition = large_object_oid_list(group.oids);
    planned.entry.drop_statement = "-- dummy";
    entries.push_back(std::move(planned));

    // Comments and security labels stay one entry per large object, unlike the ACL, and
    // pg_dump 17 writes each large object's comment and then its labels.
    for (std::uint32_t oid : group.oids) {
        const CommentTarget target{"LARGE OBJECT", std::to_string(oid), std::nullopt, owner, {}};
        add_object_comment(context, {pg_largeobject_oid, oid}, target, entries);
        add_object_security_labels(context, {pg_largeobject_oid, oid}, target, entries);
    }
    add_acl_entry({"LARGE OBJECTS", name, {}, {}, owner, {}}, group.acl_sql, entries);
}

// A group's BLOBS entry, which depends on its BLOB METADATA entry through the graph.
// NOTE: pg_dump 17 also lists the dump ID of its pre-data boundary object,
// which has no TOC entry. wiredump leaves it out, and pg_restore ignores it.
void build_group_blobs_entry(const PlanContext& context, const LargeObjectGroup& group,
                             std::vector<PlannedEntry>& entries) {
    PlannedEntry planned;
    planned.entry.tag = large_object_group_name(group.oids);
    planned.entry.desc = blobs_tag;
    planned.entry.section = dumpfmt::Section::data;
    planned.entry.owner = context.owner_name(group.owner_oid);
    planned.entry.has_data = true;
    entries.push_back(std::move(planned));
}

bool same_group(const LargeObjectRow& row, const LargeObjectGroup& group,
                const std::optional<std::string>& group_acl) {
    return row.owner_oid == group.owner_oid && row.acl == group_acl &&
           group.oids.size() < max_large_objects_per_group;
}

// The OIDs that a BLOB METADATA definition lists, one per line.
std::vector<std::uint32_t> parse_oid_list(const std::string& list) {
    std::vector<std::uint32_t> oids;
    std::size_t start = 0;
    while (start < list.size()) {
        std::size_t end = list.find('\n', start);
        if (end == std::string::npos) end = list.size();
        if (end > start) oids.push_back(static_cast<std::uint32_t>(std::stoul(list.substr(start, end - start))));
        start = end + 1;
    }
    return oids;
}

}  // namespace

std::vector<LargeObjectGroup> group_large_objects(const std::vector<LargeObjectRow>& rows) {
    std::vector<LargeObjectGroup> groups;
    std::optional<std::string> group_acl;
    for (const LargeObjectRow& row : rows) {
        if (groups.empty() || !same_group(row, groups.back(), group_acl)) {
            groups.push_back({row.owner_oid, row.acl_sql, {}});
            group_acl = row.acl;
        }
        groups.back().oids.push_back(row.oid);
    }
    return groups;
}

std::error_code LargeObjectKind::read(catalog::QueryRunner& runner, PlanContext& context,
                                      protocol::Diagnostics& diagnostics) {
    if (!context.dumps_large_objects()) return {};

    // pg_dump 17's order, which its grouping relies on. The ACL sorts as text
    // in the database's collation, so the server sorts rather than wiredump.
    protocol::QueryResult result;
    catalog::ResultColumns columns;
    std::error_code error = catalog::query_catalog_columns(
        runner,
        "SELECT oid, lomowner, lomacl, pg_catalog.acldefault('L', lomowner) AS acldefault "
        "FROM pg_catalog.pg_largeobject_metadata ORDER BY lomowner, lomacl::pg_catalog.text, oid",
        "large objects", {"oid", "lomowner", "lomacl", "acldefault"}, result, columns, diagnostics);
    if (error) return error;

    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        LargeObjectRow large_object;
        large_object.oid = columns.oid(row, 0);
        large_object.owner_oid = columns.oid(row, 1);
        large_object.acl = columns.optional_text(row, 2);

        const std::string oid_text = std::to_string(large_object.oid);
        AclSource source{large_object.acl, columns.text(row, 3), std::nullopt};
        error = acl_statements(context, acl_target(oid_text, context.owner_name(large_object.owner_oid)),
                               source, large_object.acl_sql);
        if (error) {
            diagnostics.set_client_message("could not read the privileges of large object " +
                                           oid_text + ": " + error.message());
            return error;
        }
        large_objects_.push_back(std::move(large_object));
    }
    if (context.options.group_large_objects) groups_ = group_large_objects(large_objects_);
    return {};
}

void LargeObjectKind::add_objects(const PlanContext& context, ObjectGraph& graph) {
    if (context.options.group_large_objects) {
        add_group_objects(context, graph);
    } else {
        add_single_objects(context, graph);
    }
}

void LargeObjectKind::add_single_objects(const PlanContext& context, ObjectGraph& graph) {
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

void LargeObjectKind::add_group_objects(const PlanContext& context, ObjectGraph& graph) {
    for (const auto& group : groups_) {
        // Both objects sort by the group name as text, as pg_dump 17 sorts
        // them, and pg_dump 17.12 puts the metadata after the table data.
        DumpObject metadata;
        metadata.type = ObjectType::large_object_metadata;
        metadata.id = {pg_largeobject_oid, group.oids.front()};
        metadata.name = large_object_group_name(group.oids);
        metadata.boundary = BoundarySide::data;
        metadata.build_entries = [&context, &group](int, std::vector<PlannedEntry>& entries) {
            build_metadata_entries(context, group, entries);
        };
        const int metadata_index = graph.add(std::move(metadata));

        DumpObject data;
        data.type = ObjectType::large_object_data;
        data.name = large_object_group_name(group.oids);
        data.boundary = BoundarySide::data;
        data.build_entries = [&context, &group](int, std::vector<PlannedEntry>& entries) {
            build_group_blobs_entry(context, group, entries);
        };
        const int data_index = graph.add(std::move(data));
        graph.add_dependency(data_index, metadata_index);
    }
}

std::vector<LargeObjectDataJob> find_large_object_data(const std::vector<dumpfmt::TocEntry>& entries) {
    std::vector<LargeObjectDataJob> jobs;
    std::vector<std::uint32_t> single_oids;
    std::unordered_map<int, const dumpfmt::TocEntry*> metadata_by_id;
    for (const auto& entry : entries) {
        if (entry.desc == "BLOB") single_oids.push_back(entry.oid);
        if (entry.desc == metadata_desc) metadata_by_id[entry.dump_id] = &entry;
    }

    for (const auto& entry : entries) {
        if (entry.desc != blobs_tag) continue;
        LargeObjectDataJob job;
        job.dump_id = entry.dump_id;
        const dumpfmt::TocEntry* metadata = nullptr;
        for (int dependency : entry.dependencies) {
            auto found = metadata_by_id.find(dependency);
            if (found != metadata_by_id.end()) metadata = found->second;
        }
        if (metadata != nullptr && metadata->definition) {
            job.oids = parse_oid_list(*metadata->definition);
        } else {
            job.oids = single_oids;
        }
        // The BLOB entries sort by OID text, but pg_dump 15 and 17 read the
        // data in OID order, so the data block lists them numerically.
        std::sort(job.oids.begin(), job.oids.end());
        jobs.push_back(std::move(job));
    }
    return jobs;
}

}  // namespace wiredump::ddl
