#include "pond/core/demand.hpp"

#include <cmath>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace pond {

Demand Demand::near(std::vector<double> target, double tolerance) {
  if (target.empty()) throw Error("demand: the target needs at least one coordinate");
  for (double v : target) {
    if (!std::isfinite(v)) throw Error("demand: the target's coordinates must be finite");
  }
  if (!(tolerance >= 0.0) || !std::isfinite(tolerance)) throw Error("demand: the tolerance must be finite and >= 0");
  Demand d;
  d.description_ = fmt::format("end within {:g} of ({:g})", tolerance, fmt::join(target, ", "));
  d.descriptor_dim_ = target.size();
  d.target_ = std::move(target);
  d.tolerance_ = tolerance;
  d.threshold_ = -tolerance;
  d.scoring_ = [t = d.target_](std::span<const double> descriptor, double) {
    double sum = 0.0;
    for (std::size_t i = 0; i < t.size(); ++i) sum += (descriptor[i] - t[i]) * (descriptor[i] - t[i]);
    return -std::sqrt(sum);
  };
  return d;
}

Demand Demand::scored(Scoring scoring, double threshold, std::string description) {
  if (!scoring) throw Error("demand: the scoring is empty");
  Demand d;
  d.scoring_ = std::move(scoring);
  d.threshold_ = threshold;
  d.description_ = std::move(description);
  return d;
}

Demand Demand::linear(std::vector<double> descriptor_weights, double objective_weight, double threshold) {
  for (double w : descriptor_weights) {
    if (!std::isfinite(w)) throw Error("demand: weights must be finite");
  }
  if (!std::isfinite(objective_weight) || std::isnan(threshold)) throw Error("demand: weights and the threshold must be numbers");
  const std::string description = fmt::format("score {} · descriptor + {:g} · objective of at least {:g}",
                                              fmt::format("({:g})", fmt::join(descriptor_weights, ", ")),
                                              objective_weight, threshold);
  const std::size_t dim = descriptor_weights.size();
  Demand d = scored(
      [w = std::move(descriptor_weights), objective_weight](std::span<const double> descriptor, double objective) {
        double s = objective_weight * objective;
        for (std::size_t i = 0; i < w.size(); ++i) s += w[i] * descriptor[i];
        return s;
      },
      threshold, description);
  d.descriptor_dim_ = dim;
  return d;
}

void Demand::check(std::size_t dim, const DescriptorBox* box) const {
  if (descriptor_dim_ != 0 && descriptor_dim_ != dim) {
    throw Error(fmt::format("demand '{}' has {} coordinates but the pond's descriptors have {}", description_,
                            descriptor_dim_, dim));
  }
  if (box == nullptr || target_.empty()) return;
  for (std::size_t i = 0; i < target_.size() && i < box->lower.size() && i < box->upper.size(); ++i) {
    if (target_[i] < box->lower[i] || target_[i] > box->upper[i]) {
      throw Error(fmt::format("demand target coordinate {} = {:g} lies outside the descriptor bounds [{:g}, {:g}]", i,
                              target_[i], box->lower[i], box->upper[i]));
    }
  }
}

namespace {

std::vector<double> numbers(const nlohmann::json& j, const std::string& where) {
  if (!j.is_array()) throw Error(where + " must be an array of numbers");
  std::vector<double> v;
  for (const auto& x : j) {
    if (!x.is_number()) throw Error(where + " must be an array of numbers");
    v.push_back(x.get<double>());
  }
  return v;
}

double number(const nlohmann::json& j, const std::string& where) {
  if (!j.is_number()) throw Error(where + " must be a number");
  return j.get<double>();
}

}  // namespace

Demand demand_from_json(const nlohmann::json& j, const std::string& source) {
  if (!j.is_object()) throw Error(source + ": a demand must be a JSON object");
  for (const auto& [key, value] : j.items()) {
    if (key != "target" && key != "tolerance" && key != "maximize" && key != "at_least") {
      throw Error(source + ": unknown field '" + key + "' (expected target and tolerance, or maximize and at_least)");
    }
  }
  if (j.contains("target") == j.contains("maximize")) {
    throw Error(source + ": give either 'target' (with 'tolerance') or 'maximize' (with 'at_least')");
  }
  try {
    if (j.contains("target")) {
      if (!j.contains("tolerance")) throw Error(source + ": field 'tolerance' is missing");
      if (j.contains("at_least")) throw Error(source + ": field 'at_least' belongs with 'maximize'");
      return Demand::near(numbers(j["target"], source + ": field 'target'"), number(j["tolerance"], source + ": field 'tolerance'"));
    }
    if (j.contains("tolerance")) throw Error(source + ": field 'tolerance' belongs with 'target'");
    if (!j.contains("at_least")) throw Error(source + ": field 'at_least' is missing");
    const auto& m = j["maximize"];
    if (!m.is_object()) throw Error(source + ": field 'maximize' must be an object with 'descriptor' and/or 'objective'");
    for (const auto& [key, value] : m.items()) {
      if (key != "descriptor" && key != "objective") throw Error(source + ": unknown field 'maximize." + key + "'");
    }
    std::vector<double> weights;
    if (m.contains("descriptor")) weights = numbers(m["descriptor"], source + ": field 'maximize.descriptor'");
    const double objective_weight = m.contains("objective") ? number(m["objective"], source + ": field 'maximize.objective'") : 0.0;
    return Demand::linear(std::move(weights), objective_weight, number(j["at_least"], source + ": field 'at_least'"));
  } catch (const Error& e) {
    const std::string what = e.what();
    if (what.rfind(source, 0) == 0) throw;
    throw Error(source + ": " + what);
  }
}

}  // namespace pond
