#include "core/text_tokens.hpp"

#include <cstddef>
#include <vector>

namespace csqm::core {
namespace {

constexpr char32_t kInvalid = 0xFFFFFFFF;

struct Decoded {
  char32_t code_point;  // kInvalid for a byte that does not start a well-formed sequence
  size_t length;        // bytes consumed, at least 1
};

// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
Decoded DecodeOne(std::string_view text, size_t pos) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(pos);
  if (lead < 0x80) return {lead, 1};
  size_t length = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2, cp = lead & 0x1F, min = 0x80;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3, cp = lead & 0x0F, min = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4, cp = lead & 0x07, min = 0x10000;
  } else {
    return {kInvalid, 1};
  }
  if (pos + length > text.size()) return {kInvalid, 1};
  for (size_t i = 1; i < length; ++i) {
    const unsigned char next = byte(pos + i);
    if ((next & 0xC0) != 0x80) return {kInvalid, 1};
    cp = (cp << 6) | (next & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {kInvalid, 1};
  return {cp, length};
}

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool In(char32_t cp, char32_t first, char32_t last) { return cp >= first && cp <= last; }

bool IsCjk(char32_t cp) {
  return In(cp, 0x4E00, 0x9FFF)       // CJK Unified Ideographs
         || In(cp, 0x3400, 0x4DBF)    // Extension A
         || In(cp, 0x20000, 0x2EBEF)  // Extensions B–F
         || In(cp, 0xF900, 0xFAFF)    // CJK Compatibility Ideographs
         || In(cp, 0x2F800, 0x2FA1F)  // CJK Compatibility Ideographs Supplement
         || In(cp, 0x3005, 0x3007)    // 々 〆 〇
         || In(cp, 0x3041, 0x3096)    // Hiragana letters
         || In(cp, 0x309D, 0x309F)    // ゝ ゞ ゟ
         || In(cp, 0x30A1, 0x30FA)    // Katakana letters
         || In(cp, 0x30FC, 0x30FF)    // ー ヽ ヾ ヿ
         || In(cp, 0x31F0, 0x31FF)    // Katakana Phonetic Extensions
         || In(cp, 0xAC00, 0xD7A3)    // Hangul Syllables
         || In(cp, 0x1100, 0x11FF)    // Hangul Jamo
         || In(cp, 0x3131, 0x318E);   // Hangul Compatibility Jamo
}

// The lowercased word character for `cp`, or kInvalid when `cp` is not a word character.
char32_t WordChar(char32_t cp) {
  if (In(cp, '0', '9') || In(cp, 'a', 'z')) return cp;
  if (In(cp, 'A', 'Z')) return cp + 0x20;
  if (In(cp, 0xFF10, 0xFF19) || In(cp, 0xFF41, 0xFF5A)) return cp - 0xFEE0;  // full-width
  if (In(cp, 0xFF21, 0xFF3A)) return cp - 0xFEE0 + 0x20;
  if (cp == 0xD7 || cp == 0xF7) return kInvalid;  // × ÷
  if (In(cp, 0xC0, 0xDE)) return cp + 0x20;       // Latin-1 capitals
  if (In(cp, 0xDF, 0xFF)) return cp;
  if (cp == 0x130) return 'i';                                             // İ → i
  if (In(cp, 0x100, 0x137) || In(cp, 0x14A, 0x177)) return cp | 1;         // even = capital
  if (In(cp, 0x139, 0x148) || In(cp, 0x179, 0x17E)) return cp + (cp & 1);  // odd = capital
  if (cp == 0x178) return 0xFF;                                            // Ÿ → ÿ
  if (In(cp, 0x100, 0x24F)) return cp;  // ĸ ŉ ſ and Latin Extended-B, as they are
  return kInvalid;
}

struct Run {
  bool cjk = false;
  std::string word;                // a word run, lowercased
  std::vector<std::string> chars;  // a CJK run, one encoded character each
};

std::vector<Run> SplitRuns(std::string_view text) {
  std::vector<Run> runs;
  bool in_run = false;
  for (size_t pos = 0; pos < text.size();) {
    const Decoded d = DecodeOne(text, pos);
    pos += d.length;
    const bool cjk = d.code_point != kInvalid && IsCjk(d.code_point);
    const char32_t word = (d.code_point == kInvalid || cjk) ? kInvalid : WordChar(d.code_point);
    if (!cjk && word == kInvalid) {
      in_run = false;
      continue;
    }
    if (!in_run || runs.back().cjk != cjk) runs.push_back(Run{cjk, {}, {}});
    in_run = true;
    if (cjk) {
      runs.back().chars.emplace_back(text.substr(pos - d.length, d.length));
    } else {
      AppendUtf8(runs.back().word, word);
    }
  }
  return runs;
}

void AppendToken(std::string& out, std::string_view token) {
  if (!out.empty()) out += ' ';
  out += token;
}

// An FTS5 string: double-quoted, inner quotes doubled.
std::string Quote(std::string_view text) {
  std::string quoted = "\"";
  for (const char c : text) {
    quoted += c;
    if (c == '"') quoted += '"';
  }
  return quoted + '"';
}

}  // namespace

// One pass over the text: a CJK run's characters are consecutive bytes of the input, so each
// unigram and bigram is a view of it; only a word run (lowercased) needs a buffer.
bool ForEachIndexToken(std::string_view text, const TokenSink& sink) {
  struct Char {
    size_t begin;
    size_t length;
  };
  std::vector<Char> cjk;  // the current CJK run
  std::string word;       // the current word run, lowercased
  size_t word_begin = 0;
  size_t word_end = 0;
  const auto flush = [&]() -> bool {
    if (!word.empty()) {
      const bool go_on = sink(word, word_begin, word_end);
      word.clear();
      if (!go_on) return false;
    }
    for (const Char& c : cjk) {
      if (!sink(text.substr(c.begin, c.length), c.begin, c.begin + c.length)) return false;
    }
    for (size_t i = 0; i + 1 < cjk.size(); ++i) {
      const size_t end = cjk[i + 1].begin + cjk[i + 1].length;
      if (!sink(text.substr(cjk[i].begin, end - cjk[i].begin), cjk[i].begin, end)) return false;
    }
    cjk.clear();
    return true;
  };
  for (size_t pos = 0; pos < text.size();) {
    const Decoded d = DecodeOne(text, pos);
    const size_t begin = pos;
    pos += d.length;
    const bool is_cjk = d.code_point != kInvalid && IsCjk(d.code_point);
    const char32_t w = (d.code_point == kInvalid || is_cjk) ? kInvalid : WordChar(d.code_point);
    if (is_cjk) {
      if (!word.empty() && !flush()) return false;
      cjk.push_back({begin, d.length});
    } else if (w != kInvalid) {
      if (!cjk.empty() && !flush()) return false;
      if (word.empty()) word_begin = begin;
      AppendUtf8(word, w);
      word_end = pos;
    } else if (!flush()) {
      return false;
    }
  }
  return flush();
}

std::string IndexTokens(std::string_view utf8_text) {
  std::string out;
  out.reserve(utf8_text.size() * 3);
  ForEachIndexToken(utf8_text, [&out](std::string_view token, size_t, size_t) {
    AppendToken(out, token);
    return true;
  });
  return out;
}

std::string MatchQuery(std::string_view user_query) {
  std::string out;
  for (const Run& run : SplitRuns(user_query)) {
    if (!out.empty()) out += " AND ";
    if (!run.cjk) {
      out += Quote(run.word) + '*';
    } else if (run.chars.size() == 1) {
      out += Quote(run.chars[0]);
    } else {
      std::string bigrams;
      for (size_t i = 0; i + 1 < run.chars.size(); ++i) {
        AppendToken(bigrams, run.chars[i] + run.chars[i + 1]);
      }
      out += Quote(bigrams);
    }
  }
  return out;
}

}  // namespace csqm::core
