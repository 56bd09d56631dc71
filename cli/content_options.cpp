#include "cli/content_options.hpp"

#include "cli/command_line.hpp"

#include <cctype>
#include <cerrno>
#include <cstdlib>

namespace wiredump::cli {

namespace {

enum LongOnly : int {
    exclude_table_data = 0x100,
    strict_names,
    section,
    no_comments,
    no_publications,
    no_subscriptions,
    no_security_labels,
    no_toast_compression,
    extra_float_digits,
    no_tablespaces,
    no_table_access_method,
    no_unlogged_table_data,
    quote_all_identifiers,
    role,
    lock_wait_timeout,
    serializable_deferrable,
    snapshot,
    enable_row_security,
    load_via_partition_root,
    disable_triggers,
    use_set_session_authorization,
    if_exists,
    include_foreign_data,
};

std::optional<std::string> add_section(const std::string& name, ddl::ContentOptions& content) {
    // The first --section replaces the default of all three sections.
    if (content.sections == ddl::all_sections) content.sections = 0;
    if (name == "pre-data") {
        content.sections |= ddl::pre_data_section;
    } else if (name == "data") {
        content.sections |= ddl::data_section;
    } else if (name == "post-data") {
        content.sections |= ddl::post_data_section;
    } else {
        return "unrecognized section name: \"" + name + "\"; use pre-data, data or post-data";
    }
    return std::string();
}

// Reads N as pg_dump 15 does: an integer from -15 to 3, with optional blanks around it. An
// empty value is 0, because pg_dump parses it with strtol and accepts it.
std::optional<std::string> parse_extra_float_digits(const std::string& value,
                                                    std::optional<int>& digits) {
    errno = 0;
    char* end = nullptr;
    const long parsed = std::strtol(value.c_str(), &end, 10);
    while (*end != '\0' && std::isspace(static_cast<unsigned char>(*end))) ++end;
    if (*end != '\0' || errno == ERANGE || parsed < -15 || parsed > 3) {
        return "invalid value \"" + value +
               "\" for option --extra-float-digits: use an integer from -15 to 3";
    }
    digits = static_cast<int>(parsed);
    return std::string();
}

}  // namespace

std::vector<option> content_long_options() {
    return {
        {"data-only", no_argument, nullptr, 'a'},
        {"blobs", no_argument, nullptr, 'b'},
        {"large-objects", no_argument, nullptr, 'b'},
        {"no-blobs", no_argument, nullptr, 'B'},
        {"no-large-objects", no_argument, nullptr, 'B'},
        {"clean", no_argument, nullptr, 'c'},
        {"create", no_argument, nullptr, 'C'},
        {"extension", required_argument, nullptr, 'e'},
        {"encoding", required_argument, nullptr, 'E'},
        {"schema", required_argument, nullptr, 'n'},
        {"exclude-schema", required_argument, nullptr, 'N'},
        {"no-owner", no_argument, nullptr, 'O'},
        {"schema-only", no_argument, nullptr, 's'},
        {"table", required_argument, nullptr, 't'},
        {"exclude-table", required_argument, nullptr, 'T'},
        {"no-privileges", no_argument, nullptr, 'x'},
        {"no-acl", no_argument, nullptr, 'x'},
        {"exclude-table-data", required_argument, nullptr, exclude_table_data},
        {"strict-names", no_argument, nullptr, strict_names},
        {"section", required_argument, nullptr, section},
        {"no-comments", no_argument, nullptr, no_comments},
        {"no-publications", no_argument, nullptr, no_publications},
        {"no-subscriptions", no_argument, nullptr, no_subscriptions},
        {"no-security-labels", no_argument, nullptr, no_security_labels},
        {"no-toast-compression", no_argument, nullptr, no_toast_compression},
        {"extra-float-digits", required_argument, nullptr, extra_float_digits},
        {"no-tablespaces", no_argument, nullptr, no_tablespaces},
        {"no-table-access-method", no_argument, nullptr, no_table_access_method},
        {"no-unlogged-table-data", no_argument, nullptr, no_unlogged_table_data},
        {"quote-all-identifiers", no_argument, nullptr, quote_all_identifiers},
        {"role", required_argument, nullptr, role},
        {"lock-wait-timeout", required_argument, nullptr, lock_wait_timeout},
        {"serializable-deferrable", no_argument, nullptr, serializable_deferrable},
        {"snapshot", required_argument, nullptr, snapshot},
        {"enable-row-security", no_argument, nullptr, enable_row_security},
        {"load-via-partition-root", no_argument, nullptr, load_via_partition_root},
        {"disable-triggers", no_argument, nullptr, disable_triggers},
        {"use-set-session-authorization", no_argument, nullptr, use_set_session_authorization},
        {"if-exists", no_argument, nullptr, if_exists},
        {"include-foreign-data", required_argument, nullptr, include_foreign_data},
    };
}

std::optional<std::string> apply_content_option(int option_char, const char* argument,
                                                DumpCommandLine& dump) {
    catalog::SelectionPatterns& selection = dump.selection;
    ddl::ContentOptions& content = dump.content;
    pipeline::SessionOptions& session = dump.session;
    switch (option_char) {
    case 'a': content.data_only = true; break;
    case 'b': content.large_objects = ddl::LargeObjectChoice::include; break;
    case 'B':
        // -b wins over -B in pg_dump 15, whatever their order.
        if (content.large_objects != ddl::LargeObjectChoice::include) {
            content.large_objects = ddl::LargeObjectChoice::exclude;
        }
        break;
    case 'c': dump.clean = true; break;
    case 'e': selection.extensions.push_back(argument); break;
    case 'E': session.encoding = argument; break;
    case 'n': selection.schemas.push_back(argument); break;
    case 'N': selection.excluded_schemas.push_back(argument); break;
    case 's': content.schema_only = true; break;
    case 't': selection.tables.push_back(argument); break;
    case 'T': selection.excluded_tables.push_back(argument); break;
    case 'x': content.no_privileges = true; break;
    case exclude_table_data: selection.excluded_table_data.push_back(argument); break;
    case include_foreign_data: selection.foreign_servers.push_back(argument); break;
    case strict_names: selection.strict_names = true; break;
    case section: return add_section(argument, content);
    case no_comments: content.no_comments = true; break;
    case no_publications: content.no_publications = true; break;
    case no_subscriptions: content.no_subscriptions = true; break;
    case no_security_labels: content.no_security_labels = true; break;
    case no_toast_compression: content.no_toast_compression = true; break;
    case extra_float_digits: return parse_extra_float_digits(argument, session.extra_float_digits);
    case no_unlogged_table_data: content.no_unlogged_table_data = true; break;
    case load_via_partition_root: content.load_via_partition_root = true; break;
    case quote_all_identifiers: session.quote_all_identifiers = true; break;
    case role: session.role = argument; break;
    case lock_wait_timeout: session.lock_wait_timeout = argument; break;
    case serializable_deferrable: session.serializable_deferrable = true; break;
    case snapshot: session.snapshot = argument; break;
    case enable_row_security: session.enable_row_security = true; break;
    case if_exists: dump.if_exists = true; break;
    // pg_restore applies these when it restores; pg_dump's custom-format
    // archive is the same with or without them.
    case 'C':
    case 'O':
    case no_tablespaces:
    case no_table_access_method:
    case disable_triggers:
    case use_set_session_authorization:
        break;
    default:
        return std::nullopt;
    }
    return std::string();
}

std::optional<std::string> check_content_options(const DumpCommandLine& dump) {
    if (dump.content.schema_only && dump.content.data_only) {
        return "options -s/--schema-only and -a/--data-only cannot be used together";
    }
    if (dump.clean && dump.content.data_only) {
        return "options -c/--clean and -a/--data-only cannot be used together";
    }
    if (dump.if_exists && !dump.clean) return "option --if-exists requires option -c/--clean";
    if (dump.content.schema_only && !dump.selection.foreign_servers.empty()) {
        return "options -s/--schema-only and --include-foreign-data cannot be used together";
    }
    return std::nullopt;
}

std::string content_options_help_text() {
    return "\n"
           "Selection and output options (pg_dump's spelling and meaning):\n"
           "  -n, --schema=PATTERN         only schemas matching PATTERN (repeatable)\n"
           "  -N, --exclude-schema=PATTERN leave out schemas matching PATTERN\n"
           "  -t, --table=PATTERN          only tables, views and sequences matching PATTERN\n"
           "  -T, --exclude-table=PATTERN  leave out tables matching PATTERN\n"
           "  --exclude-table-data=PATTERN keep these tables' definitions but not their rows\n"
           "  --include-foreign-data=PATTERN\n"
           "                               also dump the rows of foreign tables on servers\n"
           "                               matching PATTERN\n"
           "  -e, --extension=PATTERN      only extensions matching PATTERN\n"
           "  --strict-names               fail when any -n, -t or -e pattern matches nothing\n"
           "  -s, --schema-only            definitions only, no rows or large objects\n"
           "  -a, --data-only              rows, sequence values and large objects only\n"
           "  --section=SECTION            pre-data, data or post-data; repeatable\n"
           "  -b, --large-objects, --blobs keep large objects even with -n, -t or -e\n"
           "  -B, --no-large-objects, --no-blobs\n"
           "                               leave out large objects\n"
           "  -x, --no-privileges, --no-acl\n"
           "                               leave out GRANT and REVOKE entries\n"
           "  --no-comments                leave out COMMENT entries\n"
           "  --no-publications            leave out publications and their tables\n"
           "  --no-subscriptions           leave out subscriptions\n"
           "  --no-security-labels         leave out security labels\n"
           "  --no-toast-compression       leave out ALTER COLUMN ... SET COMPRESSION\n"
           "  --no-unlogged-table-data     leave out the rows of unlogged tables\n"
           "  --load-via-partition-root    restore partition rows through the root table\n"
           "  --quote-all-identifiers      quote every identifier, keyword or not\n"
           "  --extra-float-digits=NUM     extra_float_digits for the rows of float columns,\n"
           "                               -15 to 3 (default 3: exact values)\n"
           "  -E, --encoding=ENCODING      client encoding of the dump (default: PGCLIENTENCODING,\n"
           "                               else the database's encoding)\n"
           "  --role=ROLENAME              run SET ROLE ROLENAME before dumping\n"
           "  --snapshot=SNAPSHOT          dump from a snapshot exported by pg_export_snapshot()\n"
           "  --serializable-deferrable    take a SERIALIZABLE, DEFERRABLE snapshot\n"
           "  --lock-wait-timeout=TIMEOUT  fail when a table lock takes longer than TIMEOUT\n"
           "                               (10s, 1min, or milliseconds without a unit)\n"
           "  --enable-row-security        dump only the rows row security lets the user read\n"
           "  -c, --clean, --if-exists, -C, --create, -O, --no-owner, --no-tablespaces,\n"
           "  --no-table-access-method, --disable-triggers, --use-set-session-authorization\n"
           "                               accepted; pg_dump's custom-format archive is the\n"
           "                               same with them, and pg_restore applies them\n"
           "\n"
           "In a PATTERN, * and ? are wildcards, letters are folded to lower case and a dot\n"
           "separates schema and name, except inside double quotes.\n";
}

}  // namespace wiredump::cli
