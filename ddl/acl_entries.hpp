#pragma once

#include "ddl/acl_sql.hpp"
#include "ddl/object_graph.hpp"
#include "ddl/plan_context.hpp"

#include <optional>
#include <string>
#include <vector>

namespace wiredump::ddl {

// The privileges of one object or column as the catalogs store them.
struct AclSource {
    std::optional<std::string> acl;            // the *acl column, unset for NULL
    std::string default_acl;                   // acldefault() for the kind and owner
    std::optional<std::string> initial_acl;    // pg_init_privs.initprivs, when present
};

// Builds the GRANT/REVOKE text of one object as pg_dump's dumpACL does: the
// baseline is pg_init_privs when the object has a row there, else the kind's
// default, and a NULL ACL stands for that default. Returns "" when nothing changed.
std::error_code acl_statements(const PlanContext& context, const AclTarget& target,
                               const AclSource& source, std::string& sql);

// Appends an ACL entry (section none, catalog id 0/0) when `sql` is not
// empty. The tag is "<type> <name>", or "COLUMN <table>.<column>" for column
// privileges, as pg_dump writes it.
void add_acl_entry(const AclTarget& target, const std::string& sql,
                   std::vector<PlannedEntry>& entries);

// Turns `object` into one of which only the ACL entry is written, such as a
// pg_catalog function or an extension member, as pg_dump writes the ACLs that
// differ from pg_init_privs. The object keeps its catalog id, so pg_depend
// edges reach it and it sorts where pg_dump sorts it. `sql` must outlive the graph.
DumpObject acl_carrier(DumpObject object, AclTarget target, const std::string* sql);

}  // namespace wiredump::ddl
