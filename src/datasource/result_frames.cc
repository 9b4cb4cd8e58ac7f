#include "datasource/result_frames.h"

#include "forms/registry.h"

namespace dora {

std::string DisplayNameFor(const BoundQuery& q) { return FormFor(q.form).DisplayName(q); }

bool IsAlertable(const BoundQuery& q) { return FormFor(q.form).Alertable(); }

std::vector<Frame> FramesForResult(const QueryResult& result, const std::string& ref_id, bool for_alerting) {
  const FormModule& form = FormFor(result.query.form);
  return form.Frames(result, ref_id, for_alerting && form.Alertable());
}

}  // namespace dora
