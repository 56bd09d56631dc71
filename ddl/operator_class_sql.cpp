#include "ddl/operator_class_sql.hpp"

#include "ddl/plan_context.hpp"

namespace wiredump::ddl {

namespace {

// pg_dump separates members with a space before the comma.
constexpr const char* member_separator = " ,\n    ";

std::string operator_member(const PlanContext& context, const OperatorClassOperator& member) {
    std::string sql = "OPERATOR " + member.strategy + " " + member.operator_name;
    if (member.sort_family_name) {
        sql += " FOR ORDER BY " + context.quote(member.sort_family_schema.value_or("")) + "." +
               context.quote(*member.sort_family_name);
    }
    return sql;
}

// Class functions name their types only when both are known, as pg_dump
// does, but family functions always name them.
std::string function_member(const OperatorClassFunction& member, bool always_types) {
    std::string sql = "FUNCTION " + member.number;
    if (always_types || (!member.left_type.empty() && !member.right_type.empty())) {
        sql += " (" + member.left_type + ", " + member.right_type + ")";
    }
    return sql + " " + member.function;
}

// The members joined by the separator, or "" when there are none.
std::string member_list(const PlanContext& context, const OperatorClassRecord& record) {
    std::string sql;
    for (const auto& member : record.operators) {
        if (!sql.empty()) sql += member_separator;
        sql += operator_member(context, member);
    }
    for (const auto& member : record.functions) {
        if (!sql.empty()) sql += member_separator;
        sql += function_member(member, record.is_family);
    }
    return sql;
}

std::string create_class_sql(const PlanContext& context, const OperatorClassRecord& record) {
    std::string sql =
        "CREATE OPERATOR CLASS " + context.qualify(record.namespace_oid, record.name) + "\n    ";
    if (record.is_default) sql += "DEFAULT ";
    sql += "FOR TYPE " + record.input_type + " USING " + context.quote(record.access_method);
    if (record.family_name) {
        sql += " FAMILY " + context.quote(record.family_schema.value_or("")) + "." +
               context.quote(*record.family_name);
    }
    sql += " AS\n    ";

    std::string members;
    if (record.storage_type != "-") members = "STORAGE " + record.storage_type;
    const std::string listed = member_list(context, record);
    if (!listed.empty()) {
        if (!members.empty()) members += member_separator;
        members += listed;
    }
    // A class with nothing after AS would be invalid SQL, so pg_dump writes
    // a STORAGE clause of the input type, which the server treats as a no-op.
    if (members.empty()) members = "STORAGE " + record.input_type;
    return sql + members + ";\n";
}

std::string create_family_sql(const PlanContext& context, const OperatorClassRecord& record) {
    const std::string name = context.qualify(record.namespace_oid, record.name);
    const std::string method = context.quote(record.access_method);
    std::string sql = "CREATE OPERATOR FAMILY " + name + " USING " + method + ";\n";

    const std::string members = member_list(context, record);
    if (!members.empty()) {
        sql += "ALTER OPERATOR FAMILY " + name + " USING " + method + " ADD\n    " + members +
               ";\n";
    }
    return sql;
}

}  // namespace

std::string operator_class_desc(const OperatorClassRecord& record) {
    return record.is_family ? "OPERATOR FAMILY" : "OPERATOR CLASS";
}

std::string operator_class_comment_name(const PlanContext& context,
                                        const OperatorClassRecord& record) {
    return context.quote(record.name) + " USING " + context.quote(record.access_method);
}

std::string create_operator_class_sql(const PlanContext& context,
                                      const OperatorClassRecord& record) {
    return record.is_family ? create_family_sql(context, record) : create_class_sql(context, record);
}

std::string drop_operator_class_sql(const PlanContext& context, const OperatorClassRecord& record) {
    return "DROP " + operator_class_desc(record) + " " +
           context.qualify(record.namespace_oid, record.name) + " USING " +
           context.quote(record.access_method) + ";\n";
}

}  // namespace wiredump::ddl
