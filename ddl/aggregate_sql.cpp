#include "ddl/aggregate_sql.hpp"

#include "ddl/plan_context.hpp"

namespace wiredump::ddl {

namespace {

// The FINALFUNC_MODIFY value, or "" when it is the default of the aggregate's
// kind: READ_ONLY for normal aggregates, READ_WRITE for ordered-set ones.
std::string final_modify_name(char kind, char modify) {
    const char default_modify = kind == 'n' ? 'r' : 'w';
    if (modify == default_modify) return "";
    switch (modify) {
        case 'r': return "READ_ONLY";
        case 's': return "SHAREABLE";
        case 'w': return "READ_WRITE";
        default: return "";
    }
}

void append_final_function(const std::string& prefix, const std::string& function, bool extra,
                           char kind, char modify, std::string& sql) {
    if (function == "-") return;
    sql += ",\n    " + prefix + "FINALFUNC = " + function;
    if (extra) sql += ",\n    " + prefix + "FINALFUNC_EXTRA";
    const std::string modify_name = final_modify_name(kind, modify);
    if (!modify_name.empty()) sql += ",\n    " + prefix + "FINALFUNC_MODIFY = " + modify_name;
}

std::string arguments_or_star(const std::string& arguments) {
    return arguments.empty() ? "*" : arguments;
}

}  // namespace

std::string aggregate_signature(const PlanContext& context, const AggregateRecord& aggregate) {
    return context.quote(aggregate.name) + "(" + arguments_or_star(aggregate.identity_arguments) +
           ")";
}

std::string aggregate_tag(const AggregateRecord& aggregate) {
    std::string tag = aggregate.name + "(";
    if (aggregate.argument_types.empty()) tag += "*";
    for (std::size_t i = 0; i < aggregate.argument_types.size(); ++i) {
        if (i > 0) tag += ", ";
        tag += aggregate.argument_types[i];
    }
    return tag + ")";
}

std::string create_aggregate_sql(const PlanContext& context, const AggregateRecord& aggregate) {
    std::string sql = "CREATE AGGREGATE " + context.quote(context.namespace_name(aggregate.namespace_oid)) +
                      "." + context.quote(aggregate.name) + "(" +
                      arguments_or_star(aggregate.arguments) + ") (\n";
    sql += "    SFUNC = " + aggregate.transition_function;
    sql += ",\n    STYPE = " + aggregate.transition_type;
    if (aggregate.transition_space != "0") sql += ",\n    SSPACE = " + aggregate.transition_space;
    if (aggregate.initial_value) sql += ",\n    INITCOND = " + context.literal(*aggregate.initial_value);
    append_final_function("", aggregate.final_function, aggregate.final_extra, aggregate.kind,
                          aggregate.final_modify, sql);

    if (aggregate.combine_function != "-") sql += ",\n    COMBINEFUNC = " + aggregate.combine_function;
    if (aggregate.serial_function != "-") sql += ",\n    SERIALFUNC = " + aggregate.serial_function;
    if (aggregate.deserial_function != "-") {
        sql += ",\n    DESERIALFUNC = " + aggregate.deserial_function;
    }

    // Moving-aggregate mode.
    if (aggregate.moving_transition_function != "-") {
        sql += ",\n    MSFUNC = " + aggregate.moving_transition_function;
        sql += ",\n    MINVFUNC = " + aggregate.moving_inverse_function;
        sql += ",\n    MSTYPE = " + aggregate.moving_transition_type;
    }
    if (aggregate.moving_transition_space != "0") {
        sql += ",\n    MSSPACE = " + aggregate.moving_transition_space;
    }
    if (aggregate.moving_initial_value) {
        sql += ",\n    MINITCOND = " + context.literal(*aggregate.moving_initial_value);
    }
    append_final_function("M", aggregate.moving_final_function, aggregate.moving_final_extra,
                          aggregate.kind, aggregate.moving_final_modify, sql);

    if (aggregate.sort_operator) sql += ",\n    SORTOP = " + *aggregate.sort_operator;
    if (aggregate.kind == 'h') sql += ",\n    HYPOTHETICAL";
    if (aggregate.parallel == 's') sql += ",\n    PARALLEL = safe";
    if (aggregate.parallel == 'r') sql += ",\n    PARALLEL = restricted";
    sql += "\n);\n";
    return sql;
}

std::string drop_aggregate_sql(const PlanContext& context, const AggregateRecord& aggregate) {
    return "DROP AGGREGATE " + context.quote(context.namespace_name(aggregate.namespace_oid)) + "." +
           aggregate_signature(context, aggregate) + ";\n";
}

}  // namespace wiredump::ddl
