#include "http/request_parser.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/utf8.h"

namespace dora {
namespace {

constexpr size_t kMaxChunkLine = 1024;

bool IsTokenChar(unsigned char c) {
  if (absl::ascii_isalnum(c)) return true;
  return c != 0 && absl::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != absl::string_view::npos;
}

bool IsToken(absl::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](char c) { return IsTokenChar(static_cast<unsigned char>(c)); });
}

// Visible characters and (for values) spaces and tabs; no other controls.
bool HasOnlyFieldChars(absl::string_view s, bool allow_blank) {
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c == 0x7f) return false;
    if (c < 0x20 && !(allow_blank && c == '\t')) return false;
    if (c == ' ' && !allow_blank) return false;
  }
  return true;
}

absl::string_view TrimOws(absl::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool HasToken(absl::string_view list, absl::string_view token) {
  for (absl::string_view part : absl::StrSplit(list, ',')) {
    if (absl::EqualsIgnoreCase(TrimOws(part), token)) return true;
  }
  return false;
}

// Printable form of a header name for messages (names are tokens already).
std::string Quoted(absl::string_view s) { return absl::StrCat("'", s, "'"); }

}  // namespace

const std::string& HttpRequest::Header(absl::string_view lowercase_name) const {
  static const std::string* const kEmpty = new std::string();
  for (const auto& [k, v] : headers) {
    if (k == lowercase_name) return v;
  }
  return *kEmpty;
}

void RequestParser::Reset() {
  stage_ = Stage::kHead;
  started_ = false;
  head_.clear();
  head_scan_ = 0;
  line_.clear();
  trailer_bytes_ = 0;
  remaining_ = 0;
  request_ = HttpRequest();
  error_ = HttpError();
}

RequestParser::Progress RequestParser::Fail(int status, std::string message) {
  stage_ = Stage::kFailed;
  error_ = HttpError{status, std::move(message)};
  return Progress::kError;
}

RequestParser::Progress RequestParser::ConsumeLine(absl::string_view data, size_t* used, std::string* line,
                                                   bool* complete) {
  size_t nl = data.find('\n');
  size_t take = nl == absl::string_view::npos ? data.size() : nl + 1;
  line->append(data.data(), take);
  *used = take;
  *complete = nl != absl::string_view::npos;
  if (*complete) {
    line->pop_back();
    if (!line->empty() && line->back() == '\r') line->pop_back();
  }
  return Progress::kNeedMore;
}

RequestParser::Progress RequestParser::FinishHead() {
  std::vector<absl::string_view> lines = absl::StrSplit(absl::string_view(head_), '\n');
  for (absl::string_view& l : lines) absl::ConsumeSuffix(&l, "\r");
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  if (lines.empty()) return Fail(400, "empty request line");

  std::vector<absl::string_view> parts = absl::StrSplit(lines[0], ' ');
  if (parts.size() != 3) return Fail(400, "malformed request line: expected 'METHOD /path HTTP/1.1'");
  if (!IsToken(parts[0])) return Fail(400, "malformed request line: invalid method");
  if (parts[2] == "HTTP/1.1") {
    request_.minor_version = 1;
  } else if (parts[2] == "HTTP/1.0") {
    request_.minor_version = 0;
  } else if (absl::StartsWith(parts[2], "HTTP/")) {
    return Fail(505, absl::StrCat("HTTP version ", parts[2].substr(5), " is not supported (1.0 and 1.1 are)"));
  } else {
    return Fail(400, "malformed request line: no HTTP version");
  }
  absl::string_view target = parts[1];
  if (target.empty() || target[0] != '/') return Fail(400, "request target must be a path starting with '/'");
  if (!HasOnlyFieldChars(target, false) || !IsValidUtf8(target)) {
    return Fail(400, "request target contains control characters or invalid UTF-8");
  }
  request_.method = std::string(parts[0]);
  request_.target = std::string(target);
  request_.path = std::string(target.substr(0, target.find('?')));

  bool saw_content_length = false;
  for (size_t i = 1; i < lines.size(); ++i) {
    absl::string_view line = lines[i];
    if (line.empty()) return Fail(400, "empty line inside the header block");
    if (line[0] == ' ' || line[0] == '\t') return Fail(400, "folded header lines (obs-fold) are not accepted");
    size_t colon = line.find(':');
    if (colon == absl::string_view::npos) return Fail(400, absl::StrCat("header line ", i, " has no ':'"));
    absl::string_view name = line.substr(0, colon);
    if (!IsToken(name)) return Fail(400, absl::StrCat("header line ", i, " has an invalid name"));
    std::string lname = absl::AsciiStrToLower(name);
    absl::string_view value = TrimOws(line.substr(colon + 1));
    if (!HasOnlyFieldChars(value, true) || !IsValidUtf8(value)) {
      return Fail(400, absl::StrCat("header ", Quoted(lname), " contains control characters or invalid UTF-8"));
    }
    auto existing =
        std::find_if(request_.headers.begin(), request_.headers.end(), [&](const auto& h) { return h.first == lname; });
    if (lname == "content-length") {
      if (saw_content_length && existing->second != value) return Fail(400, "conflicting Content-Length headers");
      saw_content_length = true;
      if (existing != request_.headers.end()) continue;
    }
    if (existing != request_.headers.end()) {
      absl::StrAppend(&existing->second, ", ", value);
    } else {
      if (request_.headers.size() >= limits_.max_headers) {
        return Fail(431, absl::StrCat("more than ", limits_.max_headers, " headers"));
      }
      request_.headers.emplace_back(std::move(lname), std::string(value));
    }
  }

  const std::string& connection = request_.Header("connection");
  request_.keep_alive =
      request_.minor_version == 1 ? !HasToken(connection, "close") : HasToken(connection, "keep-alive");

  const std::string& te = request_.Header("transfer-encoding");
  const std::string& cl = request_.Header("content-length");
  bool has_body = false;
  if (!te.empty()) {
    if (saw_content_length) return Fail(400, "both Content-Length and Transfer-Encoding sent");
    if (request_.minor_version == 0) return Fail(400, "Transfer-Encoding in an HTTP/1.0 request");
    if (!absl::EqualsIgnoreCase(TrimOws(te), "chunked")) {
      return Fail(501, absl::StrCat("Transfer-Encoding '", te, "' is not supported (only chunked)"));
    }
    stage_ = Stage::kChunkSize;
    has_body = true;
  } else if (saw_content_length) {
    uint64_t length = 0;
    if (cl.empty() || cl.size() > 18 || !std::all_of(cl.begin(), cl.end(), absl::ascii_isdigit) ||
        !absl::SimpleAtoi(cl, &length)) {
      return Fail(400, absl::StrCat("invalid Content-Length '", cl.substr(0, 32), "'"));
    }
    if (length > limits_.max_body_bytes) {
      return Fail(
          413, absl::StrCat("request body of ", length, " bytes is larger than the limit of ", limits_.max_body_bytes));
    }
    remaining_ = length;
    has_body = length > 0;
    stage_ = has_body ? Stage::kBody : Stage::kDone;
    if (has_body) request_.body.reserve(length);
  } else {
    stage_ = Stage::kDone;
  }

  const std::string& expect = request_.Header("expect");
  if (!expect.empty()) {
    if (!absl::EqualsIgnoreCase(expect, "100-continue")) {
      return Fail(417, absl::StrCat("Expect '", expect.substr(0, 64), "' is not supported"));
    }
    request_.expects_continue = has_body && request_.minor_version == 1;
  }
  head_.clear();
  head_.shrink_to_fit();
  return Progress::kHeadComplete;
}

RequestParser::Progress RequestParser::Feed(absl::string_view data, size_t* consumed) {
  *consumed = 0;
  while (true) {
    absl::string_view rest = data.substr(*consumed);
    switch (stage_) {
      case Stage::kFailed:
        return Progress::kError;
      case Stage::kDone:
        return Progress::kComplete;
      case Stage::kHead: {
        // Blank lines before a request line are ignored (RFC 9112 §2.2).
        while (head_.empty() && !rest.empty() && (rest[0] == '\r' || rest[0] == '\n')) {
          rest.remove_prefix(1);
          ++*consumed;
          started_ = true;
        }
        if (rest.empty()) return Progress::kNeedMore;
        started_ = true;
        const size_t before = head_.size();
        const size_t room = limits_.max_header_bytes + 4 - std::min(before, limits_.max_header_bytes + 4);
        head_.append(rest.data(), std::min(rest.size(), room));
        size_t end = 0;
        for (size_t i = head_scan_; i < head_.size() && end == 0; ++i) {
          if (head_[i] != '\n') continue;
          if (i + 1 < head_.size() && head_[i + 1] == '\n') {
            end = i + 2;
          } else if (i + 2 < head_.size() && head_[i + 1] == '\r' && head_[i + 2] == '\n') {
            end = i + 3;
          }
        }
        if (end == 0) {
          if (head_.size() > limits_.max_header_bytes) {
            return Fail(431,
                        absl::StrCat("request line and headers are larger than ", limits_.max_header_bytes, " bytes"));
          }
          head_scan_ = head_.size() >= 2 ? head_.size() - 2 : 0;
          *consumed += head_.size() - before;
          return Progress::kNeedMore;
        }
        if (end > limits_.max_header_bytes) {
          return Fail(431,
                      absl::StrCat("request line and headers are larger than ", limits_.max_header_bytes, " bytes"));
        }
        *consumed += end - before;
        head_.resize(end);
        return FinishHead();
      }
      case Stage::kBody: {
        size_t take = static_cast<size_t>(std::min<uint64_t>(remaining_, rest.size()));
        request_.body.append(rest.data(), take);
        *consumed += take;
        remaining_ -= take;
        if (remaining_ == 0) {
          stage_ = Stage::kDone;
          continue;
        }
        return Progress::kNeedMore;
      }
      case Stage::kChunkSize:
      case Stage::kChunkDataEnd:
      case Stage::kTrailer: {
        if (rest.empty()) return Progress::kNeedMore;
        size_t used = 0;
        bool complete = false;
        ConsumeLine(rest, &used, &line_, &complete);
        *consumed += used;
        if (stage_ == Stage::kTrailer) trailer_bytes_ += used;
        if (line_.size() > kMaxChunkLine && stage_ != Stage::kTrailer) {
          return Fail(400, "chunk size line is too long");
        }
        if (trailer_bytes_ > limits_.max_header_bytes) return Fail(431, "chunked trailer is too large");
        if (!complete) return Progress::kNeedMore;
        std::string line = std::move(line_);
        line_.clear();
        if (stage_ == Stage::kChunkDataEnd) {
          if (!line.empty()) return Fail(400, "chunk data is longer than its declared size");
          stage_ = Stage::kChunkSize;
          continue;
        }
        if (stage_ == Stage::kTrailer) {
          if (line.empty()) stage_ = Stage::kDone;
          continue;
        }
        absl::string_view size_text = TrimOws(absl::string_view(line).substr(0, line.find(';')));
        uint64_t size = 0;
        if (size_text.empty() || size_text.size() > 15) return Fail(400, "invalid chunk size");
        for (char c : size_text) {
          if (!absl::ascii_isxdigit(static_cast<unsigned char>(c))) return Fail(400, "invalid chunk size");
          size =
              size * 16 + static_cast<uint64_t>(absl::ascii_isdigit(c) ? c - '0' : absl::ascii_tolower(c) - 'a' + 10);
        }
        if (size == 0) {
          stage_ = Stage::kTrailer;
          continue;
        }
        if (request_.body.size() + size > limits_.max_body_bytes) {
          return Fail(
              413, absl::StrCat("chunked request body is larger than the limit of ", limits_.max_body_bytes, " bytes"));
        }
        remaining_ = size;
        stage_ = Stage::kChunkData;
        continue;
      }
      case Stage::kChunkData: {
        if (rest.empty()) return Progress::kNeedMore;
        size_t take = static_cast<size_t>(std::min<uint64_t>(remaining_, rest.size()));
        request_.body.append(rest.data(), take);
        *consumed += take;
        remaining_ -= take;
        if (remaining_ == 0) stage_ = Stage::kChunkDataEnd;
        continue;
      }
    }
  }
}

}  // namespace dora
