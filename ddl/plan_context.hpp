#pragma once

#include "catalog/catalog_model.hpp"
#include "catalog/object_selection.hpp"
#include "ddl/content_options.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wiredump::ddl {

// Session facts that the caller supplies before the plan is built.
struct PlanOptions {
    int server_version_num = 0;          // for example 150020
    std::string database_name;
    std::string client_encoding;         // as the server reported it, for example "UTF8"
    bool standard_conforming_strings = true;
    catalog::SelectionPatterns selection;
    ContentOptions content;
    bool quote_all_identifiers = false;  // --quote-all-identifiers
    // --lock-wait-timeout: the statement_timeout value while the tables are
    // locked, so that a lock that cannot be had fails the dump; "" waits.
    std::string lock_wait_timeout;
    // Write large objects in BLOB METADATA groups, as pg_dump 17 does for
    // archive version 1.16, instead of one BLOB entry each.
    bool group_large_objects = false;
};

// The catalog read so far plus the quoting rules, shared by every object kind.
struct PlanContext {
    catalog::CatalogModel model;
    PlanOptions options;

    std::string quote(std::string_view identifier) const;
    std::string literal(std::string_view value) const;
    // The schema's name, or "" for an unknown OID.
    std::string namespace_name(std::uint32_t namespace_oid) const;
    // "schema.name", both parts quoted.
    std::string qualify(std::uint32_t namespace_oid, std::string_view name) const;
    std::string qualify(const catalog::RelationRecord& relation) const;
    std::string owner_name(std::uint32_t role_oid) const { return model.role_name(role_oid); }

    // OIDs of the dumped schemas, in OID order.
    std::vector<std::uint32_t> dumped_namespaces() const;
    // Whether pg_catalog itself is dumped, as a -n pattern such as '*' selects it. pg_dump
    // 15 then writes CREATE statements for the built-in objects that it reads there.
    bool dumps_pg_catalog() const;
    // OIDs of the dumped relations whose relkind is one of `relkinds`, in OID order.
    std::vector<std::uint32_t> dumped_relations(std::string_view relkinds) const;

    // Whether a dumped table, sequence or materialized view, or a chosen
    // extension configuration table or sequence, gets its TABLE DATA,
    // SEQUENCE SET or REFRESH entry: not with -s, --exclude-table-data or,
    // for unlogged relations, --no-unlogged-table-data.
    bool dumps_data_of(const catalog::RelationRecord& relation) const;
    // OIDs of the dumped sequences that get a SEQUENCE SET entry, whose
    // values the dump reads, in OID order.
    std::vector<std::uint32_t> sequences_with_values() const;
    // Whether large objects are dumped, by pg_dump 15's rule for -b, -B, -s,
    // -n, -t and -e.
    bool dumps_large_objects() const;
};

}  // namespace wiredump::ddl
