#pragma once
/// @file
/// Emitters for real-vector solutions: Gaussian mutation, iso+line variation (Vassiliades and
/// Mouret 2018) and uniform random sampling, with optional bounds.

#include <memory>
#include <string>
#include <vector>

#include "pond/core/emitter.hpp"

namespace pond {

/// What happens to a coordinate that leaves the bounds.
enum class BoundsPolicy {
  clip,     ///< set it to the nearest bound
  reflect,  ///< mirror it back inside (repeatedly, for large steps)
};

/// Optional box bounds on solutions. Empty vectors mean unbounded.
struct Bounds {
  std::vector<double> lower;            ///< lower bound per coordinate (or empty)
  std::vector<double> upper;            ///< upper bound per coordinate (or empty)
  BoundsPolicy policy = BoundsPolicy::clip;  ///< how a coordinate outside is brought back

  /// True when no bounds are set.
  bool empty() const noexcept { return lower.empty(); }
  /// Throws std::invalid_argument unless the bounds are empty or have `dim` finite entries with lower < upper.
  void validate(std::size_t dim, const std::string& owner) const;
  /// Brings `x` inside the bounds (no-op when empty).
  void apply(std::span<double> x) const noexcept;
};

/// "clip" or "reflect"; and back (throws pond::Error on an unknown name).
std::string to_string(BoundsPolicy policy);
/// Parses "clip" or "reflect".
BoundsPolicy bounds_policy_from_string(const std::string& name);

/// Options of a `GaussianEmitter`.
struct GaussianOptions {
  Vector x0;                  ///< where sampling starts while the archive is empty (sets the dimension)
  double sigma = 0.1;         ///< standard deviation of the mutation, per coordinate (the initial one when adapted)
  std::size_t batch = 36;     ///< candidates per ask
  Bounds bounds;              ///< optional solution bounds
  /// Adapt sigma by the 1/5th success rule (Rechenberg): after each tell, ×1.5 when more than a
  /// fifth of the candidates entered the archive, else ×0.9. Meant for objective-driven search on a
  /// TopArchive, where entering means beating one of the best (a (μ + λ) evolution strategy).
  bool adapt_sigma = false;
  /// Throws std::invalid_argument naming the field when an option is out of range.
  void validate() const;
};

/// Options of an `IsoLineEmitter`.
struct IsoLineOptions {
  Vector x0;                  ///< where sampling starts while the archive is empty
  double sigma_iso = 0.01;    ///< isotropic Gaussian step
  double sigma_line = 0.2;    ///< step along the line between two elites
  std::size_t batch = 36;     ///< candidates per ask
  Bounds bounds;              ///< optional solution bounds
  /// Throws std::invalid_argument naming the field when an option is out of range.
  void validate() const;
};

/// Options of a `RandomEmitter`.
struct RandomOptions {
  std::vector<double> lower;  ///< lower bound per coordinate
  std::vector<double> upper;  ///< upper bound per coordinate
  std::size_t batch = 36;     ///< candidates per ask
  /// Throws std::invalid_argument naming the field when an option is out of range.
  void validate() const;
};

/// Base of the real-vector emitters: makes each candidate independently (in parallel when the ask
/// context has an evaluator) from its own generator, then applies the bounds.
class VectorEmitter : public Emitter<Vector> {
 public:
  void ask(const Archive<Vector>& archive, const AskContext& context, std::span<Vector> solutions,
           std::span<Parents> parents) override;
  bool independent_candidates() const noexcept override { return true; }
  /// The solution dimension (the length of every candidate it makes).
  virtual std::size_t dim() const noexcept = 0;

 protected:
  /// Makes one candidate into `x` (already sized to the dimension) and sets its parents.
  virtual void make(const Archive<Vector>& archive, Rng& rng, Vector& x, Parents& parents) const = 0;
  /// The bounds to apply after `make`.
  virtual const Bounds& bounds() const noexcept = 0;
};

/// MAP-Elites' Gaussian mutation: x = parent + sigma · N(0, I), the parent drawn uniformly from the
/// archive; while the archive is empty, the parent is x0. Sigma may adapt (GaussianOptions::adapt_sigma).
class GaussianEmitter final : public VectorEmitter {
 public:
  /// Throws std::invalid_argument on bad options.
  explicit GaussianEmitter(GaussianOptions options);
  void tell(const Archive<Vector>& archive, const EmitterFeedback<Vector>& feedback) override;
  void save_state(BinaryWriter& out) const override;
  void load_state(BinaryReader& in) override;
  /// The current sigma (the options' one unless it adapts).
  double sigma() const noexcept { return sigma_; }
  /// `count` emitters with the same options.
  static std::vector<std::unique_ptr<Emitter<Vector>>> many(std::size_t count, const GaussianOptions& options);
  std::size_t batch_size() const noexcept override { return options_.batch; }
  std::string_view name() const noexcept override { return "gaussian"; }
  nlohmann::json config() const override;
  /// The options.
  const GaussianOptions& options() const noexcept { return options_; }

 protected:
  void make(const Archive<Vector>& archive, Rng& rng, Vector& x, Parents& parents) const override;
  std::size_t dim() const noexcept override { return options_.x0.size(); }
  const Bounds& bounds() const noexcept override { return options_.bounds; }

 private:
  GaussianOptions options_;
  double sigma_;
};

/// Iso+line variation: x = p1 + sigma_iso · N(0, I) + sigma_line · N(0, 1) · (p2 − p1), with p1, p2
/// drawn uniformly from the archive; while the archive is empty, x = x0 + sigma_iso · N(0, I).
class IsoLineEmitter final : public VectorEmitter {
 public:
  /// Throws std::invalid_argument on bad options.
  explicit IsoLineEmitter(IsoLineOptions options);
  /// `count` emitters with the same options.
  static std::vector<std::unique_ptr<Emitter<Vector>>> many(std::size_t count, const IsoLineOptions& options);
  std::size_t batch_size() const noexcept override { return options_.batch; }
  std::string_view name() const noexcept override { return "iso_line"; }
  nlohmann::json config() const override;
  /// The options.
  const IsoLineOptions& options() const noexcept { return options_; }

 protected:
  void make(const Archive<Vector>& archive, Rng& rng, Vector& x, Parents& parents) const override;
  std::size_t dim() const noexcept override { return options_.x0.size(); }
  const Bounds& bounds() const noexcept override { return options_.bounds; }

 private:
  IsoLineOptions options_;
};

/// Uniform random sampling in a box, ignoring the archive: the random-search baseline.
class RandomEmitter final : public VectorEmitter {
 public:
  /// Throws std::invalid_argument on bad options.
  explicit RandomEmitter(RandomOptions options);
  std::size_t batch_size() const noexcept override { return options_.batch; }
  std::string_view name() const noexcept override { return "random"; }
  nlohmann::json config() const override;
  /// The options.
  const RandomOptions& options() const noexcept { return options_; }

 protected:
  void make(const Archive<Vector>& archive, Rng& rng, Vector& x, Parents& parents) const override;
  std::size_t dim() const noexcept override { return options_.lower.size(); }
  const Bounds& bounds() const noexcept override { return no_bounds_; }

 private:
  RandomOptions options_;
  Bounds no_bounds_;
};

}  // namespace pond
