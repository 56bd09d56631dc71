#include "ddl/acl_entries.hpp"

namespace wiredump::ddl {

std::error_code acl_statements(const PlanContext& context, const AclTarget& target,
                               const AclSource& source, std::string& sql) {
    std::optional<std::string> acl = source.acl;
    std::string base = source.default_acl;
    if (source.initial_acl && !source.initial_acl->empty()) {
        base = *source.initial_acl;
        if (!acl || acl->empty()) acl = source.default_acl;
    }
    return build_acl_commands(target, acl, base, context.options.server_version_num,
                              context.model.keywords, sql);
}

void add_acl_entry(const AclTarget& target, const std::string& sql,
                   std::vector<PlannedEntry>& entries) {
    if (sql.empty()) return;

    PlannedEntry planned;
    planned.is_main = false;
    planned.entry.tag = target.column ? "COLUMN " + target.name + "." + *target.column
                                      : target.type + " " + target.name;
    planned.entry.desc = "ACL";
    planned.entry.section = dumpfmt::Section::none;
    planned.entry.definition = sql;
    planned.entry.namespace_name = target.schema;
    planned.entry.owner = target.owner;
    entries.push_back(std::move(planned));
}

DumpObject acl_carrier(DumpObject object, AclTarget target, const std::string* sql) {
    object.dumped = true;
    object.acl_only = true;
    object.build_entries = [target = std::move(target), sql](int,
                                                             std::vector<PlannedEntry>& entries) {
        add_acl_entry(target, *sql, entries);
    };
    return object;
}

}  // namespace wiredump::ddl
