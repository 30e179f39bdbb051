// Keeping the quality rollups in step with the cases: after every case write, in the same
// transaction, TrackCase recomputes what the case adds to the daily rollups (core::ComputeFacts)
// and applies the difference to what it added before. RebuildRollups recounts everything from
// the case tables (after a bulk import, or to check the rollups).
#pragma once

#include <vector>

#include "app/case_config.hpp"
#include "app/context.hpp"

namespace csqm::app {

// Called by RecordChange (timeline.cpp) and AddComment; cheap: a few reads by primary key and
// at most a handful of upserts.
Status TrackCase(Tx& tx, const Services& s, Id case_id);
// The same for a case inserted in this transaction, from what the caller has at hand.
Status TrackNewCase(Tx& tx, const CaseRecord& record, const CaseConfig& config,
                    const std::vector<TargetRecord>& targets);

struct RebuildReport {
  int64_t cases = 0;
};
// One transaction: empties the rollups and the facts, then recounts every case (reopens from
// the timeline's transitions out of a resolved status).
Result<RebuildReport> RebuildRollups(Services& s);

}  // namespace csqm::app
