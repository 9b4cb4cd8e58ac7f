#include "ingest/ingest_outcome.h"

#include "gtest/gtest.h"

namespace dora {
namespace {

TEST(IngestOutcomeTest, EveryOutcomeHasItsDocumentedStatus) {
  EXPECT_EQ(HttpStatusFor(IngestOutcome::kOk), 200);
  EXPECT_EQ(HttpStatusFor(IngestOutcome::kDuplicate), 200);
  EXPECT_EQ(HttpStatusFor(IngestOutcome::kPong), 200);
  EXPECT_EQ(HttpStatusFor(IngestOutcome::kAccepted), 202);
  EXPECT_EQ(HttpStatusFor(IngestOutcome::kIgnored), 204);
  EXPECT_EQ(HttpStatusFor(IngestOutcome::kInvalid), 400);
  EXPECT_EQ(HttpStatusFor(IngestOutcome::kUnauthenticated), 401);
  EXPECT_EQ(HttpStatusFor(IngestOutcome::kNotFound), 404);
  EXPECT_EQ(HttpStatusFor(IngestOutcome::kMethodNotAllowed), 405);
  EXPECT_EQ(HttpStatusFor(IngestOutcome::kUnsupportedMediaType), 415);
  EXPECT_EQ(HttpStatusFor(IngestOutcome::kUnavailable), 503);
}

TEST(IngestOutcomeTest, SubmitErrorsMapToTheRequestsFaultOrTheServers) {
  EXPECT_EQ(IngestOutcomeForStatus(absl::OkStatus()), IngestOutcome::kAccepted);
  EXPECT_EQ(IngestOutcomeForStatus(absl::InvalidArgumentError("refused")), IngestOutcome::kInvalid);
  EXPECT_EQ(IngestOutcomeForStatus(absl::UnauthenticatedError("token")), IngestOutcome::kUnauthenticated);
  EXPECT_EQ(IngestOutcomeForStatus(absl::UnavailableError("spool failed")), IngestOutcome::kUnavailable);
  EXPECT_EQ(IngestOutcomeForStatus(absl::ResourceExhaustedError("spool full")), IngestOutcome::kUnavailable);
  EXPECT_EQ(IngestOutcomeForStatus(absl::InternalError("bug")), IngestOutcome::kUnavailable);
}

}  // namespace
}  // namespace dora
