#include "pond/core/vector_emitters.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace pond {
namespace {

[[noreturn]] void bad(const std::string& owner, const std::string& what) {
  throw std::invalid_argument(owner + ": " + what);
}

void check_x0(const Vector& x0, const std::string& owner) {
  if (x0.empty()) bad(owner, "x0 must not be empty (it sets the solution dimension)");
  for (double v : x0) {
    if (!std::isfinite(v)) bad(owner, "x0 must be finite");
  }
}

void check_batch(std::size_t batch, const std::string& owner) {
  if (batch == 0) bad(owner, "batch must be > 0");
}

nlohmann::json bounds_json(const Bounds& b) {
  if (b.empty()) return nullptr;
  return {{"lower", b.lower}, {"upper", b.upper}, {"policy", to_string(b.policy)}};
}

// Reflects v into [lo, hi] as often as needed (a step may cross the box several times).
double reflect(double v, double lo, double hi) noexcept {
  const double width = hi - lo;
  double t = std::fmod(v - lo, 2.0 * width);
  if (t < 0) t += 2.0 * width;
  return t <= width ? lo + t : hi - (t - width);
}

// `count` emitters of type E made with the same options.
template <class E, class Options>
std::vector<std::unique_ptr<Emitter<Vector>>> copies(std::size_t count, const Options& options) {
  std::vector<std::unique_ptr<Emitter<Vector>>> emitters;
  for (std::size_t i = 0; i < count; ++i) emitters.push_back(std::make_unique<E>(options));
  return emitters;
}

}  // namespace

void Bounds::validate(std::size_t dim, const std::string& owner) const {
  if (lower.empty() && upper.empty()) return;
  if (lower.size() != dim || upper.size() != dim) {
    bad(owner, "bounds need " + std::to_string(dim) + " lower and upper values (got " +
                   std::to_string(lower.size()) + " and " + std::to_string(upper.size()) + ")");
  }
  for (std::size_t i = 0; i < dim; ++i) {
    if (!std::isfinite(lower[i]) || !std::isfinite(upper[i]) || !(lower[i] < upper[i])) {
      bad(owner, "bounds of coordinate " + std::to_string(i) + " must be finite with lower < upper");
    }
  }
}

void Bounds::apply(std::span<double> x) const noexcept {
  if (lower.empty()) return;
  if (policy == BoundsPolicy::clip) {
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = std::min(std::max(x[i], lower[i]), upper[i]);
  } else {
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (x[i] < lower[i] || x[i] > upper[i]) x[i] = reflect(x[i], lower[i], upper[i]);
    }
  }
}

std::string to_string(BoundsPolicy policy) { return policy == BoundsPolicy::clip ? "clip" : "reflect"; }

BoundsPolicy bounds_policy_from_string(const std::string& name) {
  if (name == "clip") return BoundsPolicy::clip;
  if (name == "reflect") return BoundsPolicy::reflect;
  throw Error("unknown bounds policy '" + name + "' (expected clip or reflect)");
}

void GaussianOptions::validate() const {
  check_x0(x0, "gaussian emitter");
  if (!(sigma > 0.0) || !std::isfinite(sigma)) bad("gaussian emitter", "sigma must be finite and > 0");
  check_batch(batch, "gaussian emitter");
  bounds.validate(x0.size(), "gaussian emitter");
}

void IsoLineOptions::validate() const {
  check_x0(x0, "iso_line emitter");
  if (!(sigma_iso >= 0.0) || !std::isfinite(sigma_iso)) bad("iso_line emitter", "sigma_iso must be finite and >= 0");
  if (!(sigma_line >= 0.0) || !std::isfinite(sigma_line)) bad("iso_line emitter", "sigma_line must be finite and >= 0");
  check_batch(batch, "iso_line emitter");
  bounds.validate(x0.size(), "iso_line emitter");
}

void RandomOptions::validate() const {
  if (lower.empty()) bad("random emitter", "lower and upper bounds are required");
  Bounds{lower, upper, BoundsPolicy::clip}.validate(lower.size(), "random emitter");
  check_batch(batch, "random emitter");
}

void VectorEmitter::ask(const Archive<Vector>& archive, const AskContext& context, std::span<Vector> solutions,
                        std::span<Parents> parents) {
  const std::size_t n = std::min(solutions.size(), parents.size());
  if (!archive.empty() && archive.elites().solution(0).size() != dim()) {
    throw std::invalid_argument(std::string(name()) + " emitter: makes solutions of dimension " +
                                std::to_string(dim()) + " but the archive holds dimension " +
                                std::to_string(archive.elites().solution(0).size()));
  }
  auto body = [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      Rng rng = context.candidate_rng(i);
      solutions[i].resize(dim());
      parents[i] = Parents{};
      make(archive, rng, solutions[i], parents[i]);
      bounds().apply(solutions[i]);
    }
  };
  if (context.evaluator != nullptr && context.evaluator->threads() > 1) {
    context.evaluator->parallel_for(n, default_grain(n, context.evaluator->threads()), body);
  } else {
    body(0, n);
  }
}

GaussianEmitter::GaussianEmitter(GaussianOptions options) : options_(std::move(options)), sigma_(options_.sigma) {
  options_.validate();
}

void GaussianEmitter::tell(const Archive<Vector>& /*archive*/, const EmitterFeedback<Vector>& feedback) {
  if (!options_.adapt_sigma || feedback.status.empty()) return;
  const auto entered = std::count_if(feedback.status.begin(), feedback.status.end(),
                                     [](AddStatus s) { return s != AddStatus::not_added; });
  // ×1.5 and ×0.9 balance at a success rate of about a fifth.
  sigma_ *= 5 * static_cast<std::size_t>(entered) > feedback.status.size() ? 1.5 : 0.9;
}

void GaussianEmitter::save_state(BinaryWriter& out) const { out.write(sigma_); }

void GaussianEmitter::load_state(BinaryReader& in) {
  const double sigma = in.read<double>("gaussian emitter sigma");
  if (!(sigma > 0.0) || !std::isfinite(sigma)) in.fail("gaussian emitter sigma must be finite and > 0");
  sigma_ = sigma;
}

std::vector<std::unique_ptr<Emitter<Vector>>> GaussianEmitter::many(std::size_t count, const GaussianOptions& options) {
  return copies<GaussianEmitter>(count, options);
}

nlohmann::json GaussianEmitter::config() const {
  return {{"type", "gaussian"}, {"sigma", options_.sigma}, {"batch", options_.batch},
          {"x0", options_.x0},  {"bounds", bounds_json(options_.bounds)}, {"adapt_sigma", options_.adapt_sigma}};
}

void GaussianEmitter::make(const Archive<Vector>& archive, Rng& rng, Vector& x, Parents& parents) const {
  const double* base = options_.x0.data();
  if (!archive.empty()) {
    const std::size_t slot = archive.sample_slot(rng);
    base = archive.elites().solution(slot).data();
    parents.first = archive.elites().id(slot);
  }
  rng.fill_normal(x, std::span<const double>(base, x.size()), sigma_);
}

IsoLineEmitter::IsoLineEmitter(IsoLineOptions options) : options_(std::move(options)) { options_.validate(); }

std::vector<std::unique_ptr<Emitter<Vector>>> IsoLineEmitter::many(std::size_t count, const IsoLineOptions& options) {
  return copies<IsoLineEmitter>(count, options);
}

nlohmann::json IsoLineEmitter::config() const {
  return {{"type", "iso_line"},        {"sigma_iso", options_.sigma_iso}, {"sigma_line", options_.sigma_line},
          {"batch", options_.batch}, {"x0", options_.x0},               {"bounds", bounds_json(options_.bounds)}};
}

void IsoLineEmitter::make(const Archive<Vector>& archive, Rng& rng, Vector& x, Parents& parents) const {
  const double sigma_iso = options_.sigma_iso;
  if (archive.empty()) {
    rng.fill_normal(x, options_.x0, sigma_iso);
    return;
  }
  const std::size_t a = archive.sample_slot(rng);
  const std::size_t b = archive.sample_slot(rng);
  const double* p1 = archive.elites().solution(a).data();
  const double* p2 = archive.elites().solution(b).data();
  parents = {archive.elites().id(a), archive.elites().id(b)};
  const double line = options_.sigma_line * rng.normal();
  rng.fill_normal(x);
  for (std::size_t j = 0; j < x.size(); ++j) x[j] = p1[j] + sigma_iso * x[j] + line * (p2[j] - p1[j]);
}

RandomEmitter::RandomEmitter(RandomOptions options) : options_(std::move(options)) { options_.validate(); }

nlohmann::json RandomEmitter::config() const {
  return {{"type", "random"}, {"lower", options_.lower}, {"upper", options_.upper}, {"batch", options_.batch}};
}

void RandomEmitter::make(const Archive<Vector>& /*archive*/, Rng& rng, Vector& x, Parents& /*parents*/) const {
  for (std::size_t j = 0; j < x.size(); ++j) x[j] = rng.uniform(options_.lower[j], options_.upper[j]);
}

}  // namespace pond
