#include "catalog/errc.hpp"

#include <string>

namespace wiredump::catalog {

namespace {

class CatalogCategory final : public std::error_category {
public:
    const char* name() const noexcept override { return "wiredump.catalog"; }

    std::string message(int value) const override {
        switch (static_cast<errc>(value)) {
        case errc::missing_result_column:
            return "a catalog query returned fewer columns than expected; the server version may "
                   "not be supported";
        case errc::unsupported_server_version:
            return "the server is older than PostgreSQL 12, the oldest version wiredump can read; "
                   "use that server's own pg_dump";
        case errc::no_matching_objects:
            return "a name pattern matched no object in the database";
        case errc::invalid_name_pattern:
            return "a name pattern is not a valid object name pattern";
        }
        return "unknown catalog error " + std::to_string(value);
    }
};

}  // namespace

const std::error_category& catalog_category() {
    static const CatalogCategory category;
    return category;
}

}  // namespace wiredump::catalog
