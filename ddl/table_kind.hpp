#pragma once

#include "ddl/object_kind.hpp"
#include "ddl/table_sql.hpp"

#include <unordered_map>

#include <vector>

namespace wiredump::ddl {

// Plain, partitioned and foreign tables (relkind 'r', 'p' and 'f'): the
// TABLE entry with inline defaults and CHECK constraints, separate DEFAULT
// and CHECK CONSTRAINT entries, TABLE ATTACH for partitions, TABLE DATA
// (also of extension configuration tables and, with
// --include-foreign-data, of foreign tables), and the comments on tables,
// columns and constraints.
class TableKind final : public ObjectKind {
public:
    std::error_code read(catalog::QueryRunner& runner, PlanContext& context,
                         protocol::Diagnostics& diagnostics) override;
    void add_objects(const PlanContext& context, ObjectGraph& graph) override;

private:
    void add_table(const PlanContext& context, ObjectGraph& graph,
                   const catalog::RelationRecord& table);
    void add_column_default(const PlanContext& context, ObjectGraph& graph,
                            const catalog::RelationRecord& table, int table_object,
                            catalog::ColumnDefaultRecord& column_default);
    void add_check(const PlanContext& context, ObjectGraph& graph,
                   const catalog::RelationRecord& table, int table_object,
                   catalog::CheckConstraintRecord& check);
    // Defined in ddl/table_data_entries.cpp, as are the next two.
    void add_table_data(const PlanContext& context, ObjectGraph& graph,
                        const catalog::RelationRecord& table, int table_object);
    // Reads what decides how rows are dumped: the partitioned tables hashed
    // on an enum, and the foreign keys between extension configuration tables.
    std::error_code read_table_data_rules(catalog::QueryRunner& runner, const PlanContext& context,
                                          protocol::Diagnostics& diagnostics);
    // Makes the rows of a table load after those of the extension
    // configuration table its foreign key references, as pg_dump 15 does.
    void order_extension_config_data(ObjectGraph& graph) const;
    void add_table_attach(const PlanContext& context, ObjectGraph& graph,
                          const catalog::RelationRecord& partition, int partition_object);

    std::vector<catalog::ColumnDefaultRecord> defaults_;
    std::vector<catalog::CheckConstraintRecord> checks_;
    std::unordered_map<std::uint32_t, TableParts> parts_;  // by table OID
    std::unordered_map<std::uint32_t, std::string> partition_keys_;
    std::unordered_map<std::uint32_t, std::string> partition_bounds_;
    catalog::OidSet hash_enum_partitioned_;
    std::vector<catalog::ForeignKeyTables> config_foreign_keys_;
    std::unordered_map<std::uint32_t, int> data_objects_;  // table OID to its TABLE DATA object
};

}  // namespace wiredump::ddl
