// pond.GaussianEmitter, pond.IsoLineEmitter, pond.RandomEmitter: the real-vector emitters, with the
// option names pyribs uses where the concepts match.

#include "emitters.hpp"

#include <cmath>

#include "pond/core/vector_emitters.hpp"

namespace pond::python {
namespace {

// Hands a shared emitter to a scheduler (which owns its emitters): the Python object and the scheduler
// then see the same emitter.
class SharedEmitter final : public Emitter<Vector> {
 public:
  explicit SharedEmitter(std::shared_ptr<Emitter<Vector>> emitter) : emitter_(std::move(emitter)) {}
  std::size_t batch_size() const noexcept override { return emitter_->batch_size(); }
  void ask(const Archive<Vector>& archive, const AskContext& context, std::span<Vector> solutions,
           std::span<Parents> parents) override {
    emitter_->ask(archive, context, solutions, parents);
  }
  bool independent_candidates() const noexcept override { return emitter_->independent_candidates(); }
  bool parents_from_archive() const noexcept override { return emitter_->parents_from_archive(); }
  void tell(const Archive<Vector>& archive, const EmitterFeedback<Vector>& feedback) override {
    emitter_->tell(archive, feedback);
  }
  std::string_view name() const noexcept override { return emitter_->name(); }
  nlohmann::json config() const override { return emitter_->config(); }
  void save_state(BinaryWriter& out) const override { emitter_->save_state(out); }
  void load_state(BinaryReader& in) override { emitter_->load_state(in); }

 private:
  std::shared_ptr<Emitter<Vector>> emitter_;
};

Vector starting_point(const py::handle& x0) {
  const DoubleArray a = as_doubles(x0, "x0", {any_length});
  if (a.size() == 0) throw py::value_error("x0 must have at least one coordinate");
  return Vector(a.data(), a.data() + a.size());
}

std::size_t batch_of(py::ssize_t batch_size) {
  if (batch_size <= 0) throw py::value_error("batch_size must be positive, got " + std::to_string(batch_size));
  return static_cast<std::size_t>(batch_size);
}

// pyribs' bounds: None, or one (low, high) pair per coordinate.
Bounds bounds_of(const py::handle& bounds, const std::string& policy, std::size_t dim) {
  Bounds b;
  b.policy = bounds_policy_from_string(policy);
  if (bounds.is_none()) return b;
  std::tie(b.lower, b.upper) = split_ranges(bounds, "bounds");
  if (b.lower.size() != dim) {
    throw py::value_error("bounds has " + std::to_string(b.lower.size()) + " (low, high) pairs but x0 has " +
                          std::to_string(dim) + " coordinates");
  }
  return b;
}

py::object bounds_list(const Bounds& b) {
  if (b.empty()) return py::none();
  return ranges_list(b.lower, b.upper);
}

}  // namespace

std::unique_ptr<Emitter<Vector>> share_emitter(std::shared_ptr<Emitter<Vector>> emitter) {
  return std::make_unique<SharedEmitter>(std::move(emitter));
}

std::size_t emitter_solution_dim(const Emitter<Vector>& emitter) {
  const auto* vectors = dynamic_cast<const VectorEmitter*>(&emitter);
  return vectors != nullptr ? vectors->dim() : 0;
}

void bind_emitters(py::module_& m) {
  py::class_<Emitter<Vector>, std::shared_ptr<Emitter<Vector>>>(m, "Emitter", R"doc(
Base class of the emitters: each makes batch_size candidate solutions per ask from the archive.
Candidate i of emitter e at iteration t draws from its own generator, derived from the scheduler's
seed, so a run does not depend on threads or on the order candidates are made in.)doc")
      .def_property_readonly("batch_size", &Emitter<Vector>::batch_size, "Candidates per ask.")
      .def_property_readonly("name", [](const Emitter<Vector>& e) { return std::string(e.name()); },
                             "'gaussian', 'iso_line' or 'random'.")
      .def_property_readonly("solution_dim", &emitter_solution_dim, "Length of the solutions it makes.")
      .def("config", [](const Emitter<Vector>& e) { return from_json(e.config()); }, "The emitter's options as a dict.");

  py::class_<GaussianEmitter, Emitter<Vector>, std::shared_ptr<GaussianEmitter>>(m, "GaussianEmitter", R"doc(
MAP-Elites' Gaussian mutation: a parent drawn uniformly from the archive plus sigma * N(0, I); x0 while
the archive is empty.

GaussianEmitter(*, x0, sigma=0.1, batch_size=36, bounds=None, bounds_policy='clip')

bounds: None or a (low, high) pair per coordinate; coordinates outside are clipped (or reflected).)doc")
      .def(py::init([](const py::handle& x0, double sigma, py::ssize_t batch_size, const py::handle& bounds,
                       const std::string& bounds_policy) {
             Vector start = starting_point(x0);
             Bounds b = bounds_of(bounds, bounds_policy, start.size());
             return std::make_shared<GaussianEmitter>(
                 GaussianOptions{.x0 = std::move(start), .sigma = sigma, .batch = batch_of(batch_size), .bounds = std::move(b)});
           }),
           py::kw_only(), py::arg("x0"), py::arg("sigma") = 0.1, py::arg("batch_size") = 36, py::arg("bounds") = py::none(),
           py::arg("bounds_policy") = "clip")
      .def_property_readonly("sigma", [](const GaussianEmitter& e) { return e.options().sigma; }, "The mutation's standard deviation.")
      .def_property_readonly("x0", [](const GaussianEmitter& e) { return to_array(std::span<const double>(e.options().x0)); },
                             "Where sampling starts while the archive is empty.")
      .def_property_readonly("bounds", [](const GaussianEmitter& e) { return bounds_list(e.options().bounds); },
                             "The (low, high) pair per coordinate, or None.");

  py::class_<IsoLineEmitter, Emitter<Vector>, std::shared_ptr<IsoLineEmitter>>(m, "IsoLineEmitter", R"doc(
Iso+line variation (Vassiliades and Mouret 2018): p1 + iso_sigma * N(0, I) + line_sigma * N(0, 1) * (p2 - p1),
p1 and p2 drawn uniformly from the archive; x0 + iso_sigma * N(0, I) while it is empty.

IsoLineEmitter(*, x0, iso_sigma=0.01, line_sigma=0.2, batch_size=36, bounds=None, bounds_policy='clip'))doc")
      .def(py::init([](const py::handle& x0, double iso_sigma, double line_sigma, py::ssize_t batch_size,
                       const py::handle& bounds, const std::string& bounds_policy) {
             Vector start = starting_point(x0);
             Bounds b = bounds_of(bounds, bounds_policy, start.size());
             return std::make_shared<IsoLineEmitter>(IsoLineOptions{.x0 = std::move(start), .sigma_iso = iso_sigma,
                                                                    .sigma_line = line_sigma, .batch = batch_of(batch_size),
                                                                    .bounds = std::move(b)});
           }),
           py::kw_only(), py::arg("x0"), py::arg("iso_sigma") = 0.01, py::arg("line_sigma") = 0.2,
           py::arg("batch_size") = 36, py::arg("bounds") = py::none(), py::arg("bounds_policy") = "clip")
      .def_property_readonly("iso_sigma", [](const IsoLineEmitter& e) { return e.options().sigma_iso; }, "The isotropic step.")
      .def_property_readonly("line_sigma", [](const IsoLineEmitter& e) { return e.options().sigma_line; }, "The step along the line.")
      .def_property_readonly("x0", [](const IsoLineEmitter& e) { return to_array(std::span<const double>(e.options().x0)); },
                             "Where sampling starts while the archive is empty.")
      .def_property_readonly("bounds", [](const IsoLineEmitter& e) { return bounds_list(e.options().bounds); },
                             "The (low, high) pair per coordinate, or None.");

  py::class_<RandomEmitter, Emitter<Vector>, std::shared_ptr<RandomEmitter>>(m, "RandomEmitter", R"doc(
Uniform random sampling in a box, ignoring the archive: the random-search baseline.

RandomEmitter(*, bounds=[(low, high), ...], batch_size=36))doc")
      .def(py::init([](const py::handle& bounds, py::ssize_t batch_size) {
             auto [lower, upper] = split_ranges(bounds, "bounds");
             return std::make_shared<RandomEmitter>(RandomOptions{.lower = lower, .upper = upper, .batch = batch_of(batch_size)});
           }),
           py::kw_only(), py::arg("bounds"), py::arg("batch_size") = 36);
}

}  // namespace pond::python
