#include "dumpfmt/manifest.hpp"

#include "dumpfmt/check_errc.hpp"
#include "dumpfmt/json_value.hpp"

#include <charconv>
#include <limits>

namespace wiredump::dumpfmt {
namespace {

void append_member(std::string& out, std::string_view name, std::string_view raw_value) {
    append_json_string(out, name);
    out += ": ";
    out += raw_value;
}

std::string quoted(std::string_view text) {
    std::string out;
    append_json_string(out, text);
    return out;
}

// Reads the members of one manifest object, remembering the first problem
// with the path of the member, such as tables[2].hash.
class ObjectReader {
public:
    ObjectReader(const JsonValue& object, std::string path, std::string& problem)
        : object_(object), path_(std::move(path)), problem_(problem) {}

    const JsonValue* member(std::string_view name, JsonValue::Kind kind) {
        const JsonValue* value = object_.find(name);
        if (value == nullptr) {
            set_problem("missing member " + path_ + "." + std::string(name));
        } else if (value->kind != kind) {
            set_problem(path_ + "." + std::string(name) + " has the wrong JSON type");
            value = nullptr;
        }
        return value;
    }

    std::string text(std::string_view name) {
        const JsonValue* value = member(name, JsonValue::Kind::string);
        return value == nullptr ? std::string() : value->text;
    }

    std::uint64_t unsigned_number(std::string_view name, std::uint64_t max = std::numeric_limits<std::uint64_t>::max()) {
        const JsonValue* value = member(name, JsonValue::Kind::number);
        if (value == nullptr) {
            return 0;
        }
        std::uint64_t number = 0;
        const char* first = value->text.data();
        const char* last = first + value->text.size();
        const auto [end, error] = std::from_chars(first, last, number);
        if (error != std::errc() || end != last || number > max) {
            set_problem(path_ + "." + std::string(name) + " is not an integer from 0 to " + std::to_string(max));
            return 0;
        }
        return number;
    }

    Hash128 hash(std::string_view name) {
        const std::string hex = text(name);
        const auto hash = Hash128::from_hex(hex);
        if (!hash && problem_.empty()) {
            set_problem(path_ + "." + std::string(name) + " is not 32 lowercase hex digits: " + quoted(hex));
        }
        return hash.value_or(Hash128{});
    }

private:
    void set_problem(std::string text) {
        if (problem_.empty()) {
            problem_ = std::move(text);
        }
    }

    const JsonValue& object_;
    std::string path_;
    std::string& problem_;
};

const JsonValue* array_member(const JsonValue& root, std::string_view name, std::string& problem) {
    const JsonValue* value = root.find(name);
    if (value != nullptr && value->kind != JsonValue::Kind::array && problem.empty()) {
        problem = std::string(name) + " is not a JSON array";
        return nullptr;
    }
    return value;
}

bool item_is_object(const JsonValue& item, const std::string& path, std::string& problem) {
    if (item.kind == JsonValue::Kind::object) {
        return true;
    }
    if (problem.empty()) {
        problem = path + " is not a JSON object";
    }
    return false;
}

// Calls read_item with a reader for each object of the array member `name`,
// stopping at the first problem.
template <typename ReadItem>
void read_object_array(const JsonValue& root, std::string_view name, std::string& problem, ReadItem read_item) {
    const JsonValue* items = array_member(root, name, problem);
    if (items == nullptr) {
        return;
    }
    for (std::size_t i = 0; i < items->items.size() && problem.empty(); ++i) {
        const std::string path = std::string(name) + "[" + std::to_string(i) + "]";
        if (!item_is_object(items->items[i], path, problem)) {
            return;
        }
        ObjectReader reader(items->items[i], path, problem);
        read_item(reader);
    }
}

void read_tables(const JsonValue& root, Manifest& out, std::string& problem) {
    read_object_array(root, "tables", problem, [&](ObjectReader& reader) {
        ManifestTable table;
        table.dump_id = static_cast<int>(reader.unsigned_number("dump_id", std::numeric_limits<std::int32_t>::max()));
        table.schema = reader.text("schema");
        table.name = reader.text("name");
        table.rows = reader.unsigned_number("rows");
        table.bytes = reader.unsigned_number("bytes");
        table.hash = reader.hash("hash");
        out.tables.push_back(std::move(table));
    });
}

void read_large_objects(const JsonValue& root, Manifest& out, std::string& problem) {
    read_object_array(root, "large_objects", problem, [&](ObjectReader& reader) {
        ManifestLargeObject object;
        object.oid =
            static_cast<std::uint32_t>(reader.unsigned_number("oid", std::numeric_limits<std::uint32_t>::max()));
        object.bytes = reader.unsigned_number("bytes");
        object.hash = reader.hash("hash");
        out.large_objects.push_back(object);
    });
}

}  // namespace

std::string format_manifest(const Manifest& manifest) {
    std::string out = "{\n  ";
    append_member(out, "manifest_version", std::to_string(manifest_version));
    out += ",\n  ";
    append_member(out, "generator", quoted(manifest.generator));
    out += ",\n  ";
    append_member(out, "hash_algorithm", quoted(manifest_hash_algorithm));

    if (manifest.archive) {
        out += ",\n  ";
        append_member(out, "archive", "{");
        append_member(out, "file", quoted(manifest.archive->file_name));
        out += ", ";
        append_member(out, "size", std::to_string(manifest.archive->size));
        out += ", ";
        append_member(out, "hash", quoted(manifest.archive->hash.to_hex()));
        out += "}";
    }

    out += ",\n  \"tables\": [";
    for (std::size_t i = 0; i < manifest.tables.size(); ++i) {
        const ManifestTable& table = manifest.tables[i];
        out += i == 0 ? "\n    {" : ",\n    {";
        append_member(out, "dump_id", std::to_string(table.dump_id));
        out += ", ";
        append_member(out, "schema", quoted(table.schema));
        out += ", ";
        append_member(out, "name", quoted(table.name));
        out += ", ";
        append_member(out, "rows", std::to_string(table.rows));
        out += ", ";
        append_member(out, "bytes", std::to_string(table.bytes));
        out += ", ";
        append_member(out, "hash", quoted(table.hash.to_hex()));
        out += "}";
    }
    out += manifest.tables.empty() ? "]" : "\n  ]";

    out += ",\n  \"large_objects\": [";
    for (std::size_t i = 0; i < manifest.large_objects.size(); ++i) {
        const ManifestLargeObject& object = manifest.large_objects[i];
        out += i == 0 ? "\n    {" : ",\n    {";
        append_member(out, "oid", std::to_string(object.oid));
        out += ", ";
        append_member(out, "bytes", std::to_string(object.bytes));
        out += ", ";
        append_member(out, "hash", quoted(object.hash.to_hex()));
        out += "}";
    }
    out += manifest.large_objects.empty() ? "]" : "\n  ]";
    return out + "\n}\n";
}

std::error_code parse_manifest(std::string_view text, Manifest& out, protocol::Diagnostics& diagnostics) {
    out = Manifest{};
    JsonValue root;
    std::string problem;
    if (!parse_json(text, root, problem)) {
        diagnostics.set_client_message("the manifest is not valid JSON: " + problem);
        return check_errc::invalid_manifest;
    }
    if (root.kind != JsonValue::Kind::object) {
        diagnostics.set_client_message("the manifest is not a JSON object");
        return check_errc::invalid_manifest;
    }

    ObjectReader reader(root, "manifest", problem);
    const std::uint64_t version = reader.unsigned_number("manifest_version");
    if (problem.empty() && version != manifest_version) {
        problem = "manifest_version is " + std::to_string(version) + ", but this wiredump reads only version " +
                  std::to_string(manifest_version) + "; use the wiredump release that wrote it";
    }
    const std::string algorithm = reader.text("hash_algorithm");
    if (problem.empty() && algorithm != manifest_hash_algorithm) {
        problem = "hash_algorithm is " + quoted(algorithm) + ", but this wiredump knows only " +
                  quoted(manifest_hash_algorithm);
    }
    if (const JsonValue* generator = root.find("generator"); generator && generator->kind == JsonValue::Kind::string) {
        out.generator = generator->text;
    }

    if (const JsonValue* archive = root.find("archive"); archive != nullptr && problem.empty()) {
        if (item_is_object(*archive, "archive", problem)) {
            ObjectReader archive_reader(*archive, "archive", problem);
            ManifestArchive value;
            value.file_name = archive_reader.text("file");
            value.size = archive_reader.unsigned_number("size");
            value.hash = archive_reader.hash("hash");
            out.archive = std::move(value);
        }
    }
    if (problem.empty()) {
        read_tables(root, out, problem);
    }
    if (problem.empty()) {
        read_large_objects(root, out, problem);
    }

    if (!problem.empty()) {
        diagnostics.set_client_message("invalid manifest: " + problem);
        return check_errc::invalid_manifest;
    }
    return {};
}

}  // namespace wiredump::dumpfmt
