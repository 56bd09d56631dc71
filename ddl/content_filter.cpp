#include "ddl/content_filter.hpp"

#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace wiredump::ddl {

namespace {

bool is_global_type(ObjectType type) {
    switch (type) {
    case ObjectType::procedural_language:
    case ObjectType::cast:
    case ObjectType::transform:
    case ObjectType::access_method:
    case ObjectType::foreign_data_wrapper:
    case ObjectType::foreign_server:
    case ObjectType::publication:
    case ObjectType::publication_relation:
    case ObjectType::publication_schema:
    case ObjectType::subscription:
    case ObjectType::event_trigger:
        return true;
    default:
        return false;
    }
}

bool starts_with(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

// Entries that belong to large objects, which -a keeps although they are not data.
bool is_large_object_entry(const dumpfmt::TocEntry& entry) {
    if (entry.desc == "BLOB") return true;
    const bool child = entry.desc == "ACL" || entry.desc == "COMMENT" ||
                       entry.desc == "SECURITY LABEL";
    return child && starts_with(entry.tag, "LARGE OBJECT ");
}

bool is_acl_entry(const dumpfmt::TocEntry& entry) {
    return entry.desc == "ACL" || entry.desc == "ACL LANGUAGE" || entry.desc == "DEFAULT ACL";
}

unsigned section_bit(dumpfmt::Section section) {
    switch (section) {
    case dumpfmt::Section::pre_data:
        return pre_data_section;
    case dumpfmt::Section::data:
        return data_section;
    case dumpfmt::Section::post_data:
        return post_data_section;
    default:
        return 0;
    }
}

bool is_wanted(const ContentOptions& content, const dumpfmt::TocEntry& entry,
               dumpfmt::Section current_section) {
    const std::string& desc = entry.desc;
    if (desc == "ENCODING" || desc == "STDSTRINGS" || desc == "SEARCHPATH" ||
        desc == "DATABASE" || desc == "DATABASE PROPERTIES") {
        return true;
    }

    if (content.no_privileges && is_acl_entry(entry)) return false;
    if (content.no_comments && desc == "COMMENT") return false;
    if (content.no_publications &&
        (desc == "PUBLICATION" || desc == "PUBLICATION TABLE" ||
         desc == "PUBLICATION TABLES IN SCHEMA")) {
        return false;
    }
    if (content.no_security_labels && desc == "SECURITY LABEL") return false;
    if (content.no_subscriptions && desc == "SUBSCRIPTION") return false;
    if ((content.sections & section_bit(current_section)) == 0) return false;

    if (content.data_only) {
        return entry.has_data || desc == "SEQUENCE SET" || is_large_object_entry(entry);
    }
    return true;
}

// A dependency on a removed entry becomes a dependency on what that entry
// depended on, as pg_dump's archiver rewrites dependencies through objects
// that are not written.
std::vector<int> replace_removed(const std::vector<int>& dependencies,
                                 const std::unordered_map<int, std::vector<int>>& removed) {
    std::vector<int> result;
    std::unordered_set<int> seen;
    std::vector<int> pending(dependencies.rbegin(), dependencies.rend());
    while (!pending.empty()) {
        const int id = pending.back();
        pending.pop_back();
        if (!seen.insert(id).second) continue;
        auto removed_entry = removed.find(id);
        if (removed_entry == removed.end()) {
            result.push_back(id);
        } else {
            pending.insert(pending.end(), removed_entry->second.rbegin(), removed_entry->second.rend());
        }
    }
    return result;
}

}  // namespace

void drop_objects_outside_selection(const PlanContext& context, ObjectGraph& graph) {
    const catalog::ObjectSelection& selection = context.model.selection;
    bool pg_catalog_excluded = false;
    for (const auto& schema : context.model.namespaces) {
        if (schema.name == "pg_catalog") {
            pg_catalog_excluded = selection.excluded_schemas.count(schema.id.oid) != 0;
        }
    }
    const bool drop_pg_catalog_acls = !selection.include_everything || pg_catalog_excluded;

    for (int i = 0; i < graph.size(); ++i) {
        DumpObject& object = graph.at(i);
        // Changed privileges on pg_catalog and its objects, which pg_dump
        // writes only in a dump of everything. A pg_catalog table chosen with
        // -t is a whole object, not an ACL carrier, and stays.
        const bool pg_catalog_acl =
            object.acl_only &&
            (object.namespace_name == std::optional<std::string>("pg_catalog") ||
             (object.type == ObjectType::namespace_object && object.name == "pg_catalog"));
        if (drop_pg_catalog_acls && pg_catalog_acl) {
            object.dumped = false;
            continue;
        }
        if (selection.include_everything) continue;

        const bool global_default_acl =
            object.type == ObjectType::default_acl &&
            (!object.namespace_name || object.namespace_name->empty());
        if (global_default_acl || (is_global_type(object.type) && !object.acl_only)) {
            object.dumped = false;
        }
    }
}

void remove_unwanted_entries(const ContentOptions& content,
                             std::vector<dumpfmt::TocEntry>& entries) {
    dumpfmt::Section current_section = dumpfmt::Section::pre_data;
    std::unordered_map<int, std::vector<int>> removed;   // dump id to its dependencies
    std::vector<dumpfmt::TocEntry> kept_entries;
    kept_entries.reserve(entries.size());
    for (auto& entry : entries) {
        if (entry.section != dumpfmt::Section::none) current_section = entry.section;
        if (is_wanted(content, entry, current_section)) {
            kept_entries.push_back(std::move(entry));
        } else {
            removed[entry.dump_id] = entry.dependencies;
        }
    }
    if (!removed.empty()) {
        for (auto& entry : kept_entries) entry.dependencies = replace_removed(entry.dependencies, removed);
    }
    entries = std::move(kept_entries);
}

}  // namespace wiredump::ddl
