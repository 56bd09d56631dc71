#pragma once

#include "ddl/object_kind.hpp"

#include <optional>
#include <string>
#include <vector>

namespace wiredump::ddl {

// Publications (PUBLICATION), their tables (PUBLICATION TABLE, for dumped
// tables only) and their schemas (PUBLICATION TABLES IN SCHEMA, for dumped
// schemas only), all post-data. Publications carry their comments.
class PublicationKind final : public ObjectKind {
public:
    std::error_code read(catalog::QueryRunner& runner, PlanContext& context,
                         protocol::Diagnostics& diagnostics) override;
    void add_objects(const PlanContext& context, ObjectGraph& graph) override;

    struct PublicationRecord {
        catalog::CatalogId id;
        std::string name;
        std::uint32_t owner_oid = 0;
        bool all_tables = false;
        bool publish_insert = true;
        bool publish_update = true;
        bool publish_delete = true;
        bool publish_truncate = true;
        bool via_partition_root = false;
        bool publish_generated_stored = false;   // pubgencols = 's', PostgreSQL 18 and later
    };

    struct PublicationTableRecord {
        catalog::CatalogId id;
        std::uint32_t publication_oid = 0;
        std::uint32_t table_oid = 0;
        std::optional<std::string> row_filter;   // pg_get_expr(prqual, prrelid)
        std::vector<std::string> columns;        // unquoted column names, empty for all columns
    };

    struct PublicationSchemaRecord {
        catalog::CatalogId id;
        std::uint32_t publication_oid = 0;
        std::uint32_t namespace_oid = 0;
    };

private:
    std::error_code read_publications(catalog::QueryRunner& runner, const PlanContext& context,
                                      protocol::Diagnostics& diagnostics);
    std::error_code read_tables(catalog::QueryRunner& runner, const PlanContext& context,
                                protocol::Diagnostics& diagnostics);
    std::error_code read_schemas(catalog::QueryRunner& runner, const PlanContext& context,
                                 protocol::Diagnostics& diagnostics);
    const PublicationRecord* find_publication(std::uint32_t oid) const;

    std::vector<PublicationRecord> publications_;
    std::vector<PublicationTableRecord> tables_;
    std::vector<PublicationSchemaRecord> schemas_;
};

// Builds "CREATE PUBLICATION p [FOR ALL TABLES] WITH (publish = '...'[,
// publish_via_partition_root = true]);\n" as pg_dump 15's dumpPublication writes it.
std::string create_publication_sql(const PlanContext& context,
                                   const PublicationKind::PublicationRecord& publication);

// Builds "ALTER PUBLICATION p ADD TABLE ONLY s.t [(columns)] [WHERE (filter)];\n".
std::string publication_table_sql(const PlanContext& context,
                                  const PublicationKind::PublicationRecord& publication,
                                  const catalog::RelationRecord& table,
                                  const PublicationKind::PublicationTableRecord& member);

// Builds "ALTER PUBLICATION p ADD TABLES IN SCHEMA s;\n".
std::string publication_schema_sql(const PlanContext& context,
                                   const PublicationKind::PublicationRecord& publication,
                                   const std::string& schema_name);

}  // namespace wiredump::ddl
