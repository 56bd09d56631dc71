#include "ddl/special_entries.hpp"

#include "hand_built_catalog.hpp"

#include <catch2/catch.hpp>

using namespace wiredump;
using namespace wiredump::ddl;
using namespace wiredump::ddl::testing;

TEST_CASE("create_database_sql with one locale", "[ddl][database]") {
    PlanContext context = make_context();
    context.model.database.name = "shop";
    context.model.database.encoding = "UTF8";
    context.model.database.locale_provider = "c";
    context.model.database.collate = "C.UTF-8";
    context.model.database.ctype = "C.UTF-8";
    context.model.database.tablespace = "pg_default";

    CHECK(create_database_sql(context) ==
          "CREATE DATABASE shop WITH TEMPLATE = template0 ENCODING = 'UTF8' "
          "LOCALE_PROVIDER = libc LOCALE = 'C.UTF-8';\n");
}

TEST_CASE("create_database_sql with split locales", "[ddl][database]") {
    PlanContext context = make_context();
    context.model.database.name = "Edge DB";
    context.model.database.encoding = "UTF8";
    context.model.database.locale_provider = "i";
    context.model.database.collate = "en_US.UTF-8";
    context.model.database.ctype = "C";
    context.model.database.icu_locale = "und";
    context.model.database.tablespace = "fast";

    CHECK(create_database_sql(context) ==
          "CREATE DATABASE \"Edge DB\" WITH TEMPLATE = template0 ENCODING = 'UTF8' "
          "LOCALE_PROVIDER = icu LC_COLLATE = 'en_US.UTF-8' LC_CTYPE = 'C' "
          "ICU_LOCALE = 'und' TABLESPACE = fast;\n");
}

TEST_CASE("create_database_sql with builtin locale", "[ddl][database]") {
    // Expected SQL is what pg_restore 18.6 printed for pg_dump 18.6's archive on PostgreSQL 18.4.
    PlanContext context = make_context();
    context.model.database.name = "m_db_builtin";
    context.model.database.encoding = "UTF8";
    context.model.database.locale_provider = "b";
    context.model.database.collate = "C";
    context.model.database.ctype = "C";
    context.model.database.icu_locale = "C.UTF-8";

    CHECK(create_database_sql(context) ==
          "CREATE DATABASE m_db_builtin WITH TEMPLATE = template0 ENCODING = 'UTF8' "
          "LOCALE_PROVIDER = builtin LOCALE = 'C' BUILTIN_LOCALE = 'C.UTF-8';\n");
}

TEST_CASE("create_database_sql with ICU rules", "[ddl][database]") {
    // Expected SQL is what pg_restore 17.12 printed for pg_dump 17.12's archive on PostgreSQL 16.14.
    PlanContext context = make_context();
    context.model.database.name = "m_db_icurules";
    context.model.database.encoding = "UTF8";
    context.model.database.locale_provider = "i";
    context.model.database.collate = "C";
    context.model.database.ctype = "C";
    context.model.database.icu_locale = "und";
    context.model.database.icu_rules = "&a < g";

    CHECK(create_database_sql(context) ==
          "CREATE DATABASE m_db_icurules WITH TEMPLATE = template0 ENCODING = 'UTF8' "
          "LOCALE_PROVIDER = icu LOCALE = 'C' ICU_LOCALE = 'und' ICU_RULES = '&a < g';\n");
}

TEST_CASE("alter_setting_sql quotes a plain value", "[ddl][database]") {
    PlanContext context = make_context();
    CHECK(alter_setting_sql(context, "DATABASE probe", "work_mem=64MB") ==
          "ALTER DATABASE probe SET work_mem TO '64MB';\n");
}

TEST_CASE("alter_setting_sql splits a list value", "[ddl][database]") {
    PlanContext context = make_context();
    CHECK(alter_setting_sql(context, "DATABASE probe",
                            "search_path=\"$user\", public, \"Odd \"\"Schema\"\"\"") ==
          "ALTER DATABASE probe SET search_path TO '$user', 'public', 'Odd \"Schema\"';\n");
}

TEST_CASE("database_properties_sql empty by default", "[ddl][database]") {
    PlanContext context = make_context();
    context.model.database.name = "shop";
    CHECK(database_properties_sql(context).empty());

    context.model.database.connection_limit = 7;
    context.model.database.role_settings = {{"app_owner", "statement_timeout=5s"}};
    CHECK(database_properties_sql(context) ==
          "ALTER DATABASE shop CONNECTION LIMIT = 7;\n"
          "ALTER ROLE app_owner IN DATABASE shop SET statement_timeout TO '5s';\n");
}

TEST_CASE("search_path_sql quotes schema names", "[ddl][database]") {
    PlanContext context = make_context();
    CHECK(search_path_sql(context, {}) ==
          "SELECT pg_catalog.set_config('search_path', '', false);\n");
    CHECK(search_path_sql(context, {"public", "My Schema"}) ==
          "SELECT pg_catalog.set_config('search_path', 'public, \"My Schema\"', false);\n");
}
