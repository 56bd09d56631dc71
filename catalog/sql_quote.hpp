#pragma once

#include <string>
#include <string_view>
#include <unordered_set>

namespace wiredump::catalog {

// The server's keywords that must be quoted when used as identifiers: every
// keyword whose category is not "unreserved". Read once per dump from
// pg_get_keywords(), so the list matches the server that will parse the SQL.
class KeywordSet {
public:
    void add(std::string word) { words_.insert(std::move(word)); }
    bool contains(std::string_view word) const { return words_.count(std::string(word)) != 0; }
    bool empty() const { return words_.empty(); }

    // --quote-all-identifiers: quote_identifier() then quotes every name.
    void set_quote_all(bool quote_all) { quote_all_ = quote_all; }
    bool quote_all() const { return quote_all_; }

private:
    std::unordered_set<std::string> words_;
    bool quote_all_ = false;
};

// Quotes an identifier the way pg_dump's fmtId does: left bare only when it is
// all [a-z0-9_], does not start with a digit and is not a keyword that
// needs quoting. Embedded double quotes are doubled.
std::string quote_identifier(std::string_view name, const KeywordSet& keywords);

// Returns "schema.name" with each part quoted by quote_identifier.
std::string qualified_name(std::string_view schema, std::string_view name,
                           const KeywordSet& keywords);

// Quotes a string literal as pg_dump does: single quotes are doubled, and
// backslashes are doubled too when standard_conforming_strings is off.
std::string quote_literal(std::string_view value, bool standard_conforming_strings);

}  // namespace wiredump::catalog
