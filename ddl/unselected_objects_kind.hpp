#pragma once

#include "catalog/catalog_model.hpp"
#include "ddl/object_kind.hpp"

#include <string>
#include <unordered_set>
#include <vector>

namespace wiredump::ddl {

// Functions, aggregates and types in the schemas that are not dumped, with
// pg_catalog left out. They get no entries, but pg_dump 15 keeps them in its
// dependency graph. So one that uses a selected table's row type moves that
// table forward in the sort, and wiredump must do the same to write pg_dump's
// order. Only their sort keys are read.
class UnselectedObjectsKind final : public ObjectKind {
public:
    std::error_code read(catalog::QueryRunner& runner, PlanContext& context,
                         protocol::Diagnostics& diagnostics) override;
    void add_objects(const PlanContext& context, ObjectGraph& graph) override;

    // The sort keys of a function, procedure or aggregate.
    struct RoutineKeys {
        catalog::CatalogId id;
        std::string name;
        std::uint32_t namespace_oid = 0;
        bool is_aggregate = false;
        std::vector<std::string> argument_type_schemas;
        std::vector<std::string> argument_type_names;
    };

    struct TypeKeys {
        catalog::CatalogId id;
        std::string name;
        std::uint32_t namespace_oid = 0;
        // pg_dump's DO_DUMMY_TYPE: a table's row type, an array or a multirange.
        bool is_dummy = false;
        // The relation of a composite type, 0 for other types.
        std::uint32_t composite_relation_oid = 0;
    };

private:
    std::error_code read_routines(catalog::QueryRunner& runner,
                                  const std::vector<std::uint32_t>& namespaces,
                                  const std::unordered_set<std::uint32_t>& members,
                                  protocol::Diagnostics& diagnostics);
    std::error_code read_types(catalog::QueryRunner& runner,
                               const std::vector<std::uint32_t>& namespaces,
                               const std::unordered_set<std::uint32_t>& members,
                               protocol::Diagnostics& diagnostics);
    void add_type(const PlanContext& context, ObjectGraph& graph, const TypeKeys& type);

    std::vector<RoutineKeys> routines_;
    std::vector<TypeKeys> types_;
};

}  // namespace wiredump::ddl
