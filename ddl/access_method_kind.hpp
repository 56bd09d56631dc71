#pragma once

// User-defined access methods (ACCESS METHOD), written as pg_dump 15's
// dumpAccessMethod writes them. Built-in ones (OID below 16384) are left out.

#include "ddl/object_kind.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace wiredump::ddl {

// One pg_am row, with the handler as regproc text under an empty search_path.
struct AccessMethodRecord {
    catalog::CatalogId id;
    std::string name;
    char type = 'i';                  // amtype: i index, t table
    std::string handler;
    bool dumped = false;
};

// "CREATE ACCESS METHOD name TYPE INDEX HANDLER f;\n".
std::string create_access_method_sql(const PlanContext& context, const AccessMethodRecord& record);

// "DROP ACCESS METHOD name;\n".
std::string drop_access_method_sql(const PlanContext& context, const AccessMethodRecord& record);

class AccessMethodKind final : public ObjectKind {
public:
    std::error_code read(catalog::QueryRunner& runner, PlanContext& context,
                         protocol::Diagnostics& diagnostics) override;
    void add_objects(const PlanContext& context, ObjectGraph& graph) override;

private:
    std::vector<AccessMethodRecord> methods_;
};

}  // namespace wiredump::ddl
