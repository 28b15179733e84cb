// pond.Genome, pond.FeedForwardNetwork and pond.RecurrentNetwork.

#include "pond/neat/genome_io.hpp"
#include "pond/neat/mutation.hpp"
#include "pond/neat/network.hpp"
#include <pybind11/operators.h>

#include "common.hpp"

namespace pond::python {
namespace {

using neat::Genome;

Genome genome_from_object(const py::handle& document) {
  // A JSON text or the dict that Genome.to_json gives.
  const nlohmann::json j = py::isinstance<py::str>(document) ? nlohmann::json::parse(document.cast<std::string>(), nullptr, false)
                                                              : to_json(document);
  if (j.is_discarded()) throw py::value_error("Genome.from_json: the text is not valid JSON");
  return neat::genome_from_json(j, "genome");
}

py::list node_list(const Genome& g) {
  py::list out;
  for (const auto& n : g.nodes) {
    const char* kind = n.kind == neat::NodeKind::input ? "input" : n.kind == neat::NodeKind::output ? "output" : "hidden";
    out.append(py::make_tuple(n.id, kind, std::string(neat::to_string(n.activation))));
  }
  return out;
}

py::list connection_list(const Genome& g) {
  py::list out;
  for (const auto& c : g.connections) out.append(py::make_tuple(c.innovation, c.from, c.to, c.weight, c.enabled));
  return out;
}

// Activates a network on one input vector; returns the outputs as an array.
template <class Network>
py::array_t<double> activate(Network& network, const py::handle& inputs) {
  const DoubleArray in = as_doubles(inputs, "activate: inputs", {static_cast<std::ptrdiff_t>(network.inputs())});
  py::array_t<double> out(static_cast<py::ssize_t>(network.outputs()));
  network.activate(std::span<const double>(in.data(), network.inputs()), std::span<double>(out.mutable_data(), network.outputs()));
  return out;
}

}  // namespace

void bind_neat(py::module_& m) {
  py::class_<Genome>(m, "Genome", R"doc(
A NEAT genome: node genes (inputs, outputs, hidden, each with an activation) and connection genes
(innovation, from, to, weight, enabled). Saved as pond's versioned JSON genome document (the
solution.json of a NEAT run); pickles through the same document.)doc")
      .def_static("from_json", &genome_from_object, py::arg("document"),
                  "A genome from its JSON document (a dict, or the text). Raises pond.Error naming the bad field.")
      .def("to_json", [](const Genome& g) { return from_json(neat::genome_to_json(g)); }, "The genome's JSON document as a dict.")
      .def_static("load", [](const std::string& path) { return neat::load_genome(path); }, py::arg("path"),
                  "Reads a genome file (such as a NEAT run's solution.json).")
      .def("save", [](const Genome& g, const std::string& path) { neat::save_genome(g, path); }, py::arg("path"),
           "Writes the genome's JSON document (atomically).")
      .def_static(
          "fully_connected",
          [](std::uint32_t inputs, std::uint32_t outputs, double weight_range, std::uint64_t seed) {
            if (inputs == 0 || outputs == 0) throw py::value_error("fully_connected: needs at least one input and one output");
            Rng rng(seed);
            return neat::fully_connected_genome(inputs, outputs, weight_range, rng);
          },
          py::arg("inputs"), py::arg("outputs"), py::arg("weight_range") = 1.0, py::arg("seed") = 0,
          "A genome in which every input feeds every output, weights uniform in +-weight_range (from seed).")
      .def_readonly("inputs", &Genome::inputs, "Number of input nodes (a bias counts as one).")
      .def_readonly("outputs", &Genome::outputs, "Number of output nodes.")
      .def_property_readonly("hidden_nodes", &Genome::hidden_nodes, "Number of hidden nodes.")
      .def_property_readonly("enabled_connections", &Genome::enabled_connections, "Number of enabled connection genes.")
      .def_property_readonly("nodes", &node_list, "The node genes as (id, kind, activation) tuples.")
      .def_property_readonly("connections", &connection_list,
                             "The connection genes as (innovation, from, to, weight, enabled) tuples.")
      .def(py::self == py::self)  // NOLINT(misc-redundant-expression): pybind11's operator binding
      .def("__repr__", [](const Genome& g) {
        return "<pond.Genome " + std::to_string(g.inputs) + " inputs, " + std::to_string(g.outputs) + " outputs, " +
               std::to_string(g.hidden_nodes()) + " hidden, " + std::to_string(g.enabled_connections()) + " connections>";
      })
      .def(py::pickle([](const Genome& g) { return neat::genome_to_json(g).dump(); },
                      [](const std::string& text) { return neat::genome_from_json(nlohmann::json::parse(text), "pickle"); }));

  py::class_<neat::FeedForwardNetwork>(m, "FeedForwardNetwork", R"doc(
A genome decoded to a layered feed-forward network. FeedForwardNetwork(genome) raises pond.Error when
the genome's enabled connections form a cycle. activate(inputs) -> outputs (one full pass).)doc")
      .def(py::init<const Genome&>(), py::arg("genome"))
      .def("activate", &activate<neat::FeedForwardNetwork>, py::arg("inputs"),
           "Sets the inputs (a sequence of `inputs` numbers) and returns the outputs as an array.")
      .def_property_readonly("inputs", &neat::FeedForwardNetwork::inputs, "Number of inputs.")
      .def_property_readonly("outputs", &neat::FeedForwardNetwork::outputs, "Number of outputs.");

  py::class_<neat::RecurrentNetwork>(m, "RecurrentNetwork", R"doc(
A genome decoded to a recurrent network (any topology) that updates every node synchronously, one
hop per activation, as the maze experiments did; node values persist between activations.)doc")
      .def(py::init<const Genome&>(), py::arg("genome"))
      .def("activate", &activate<neat::RecurrentNetwork>, py::arg("inputs"),
           "One synchronous activation: sets the inputs and returns the outputs as an array.")
      .def("reset", &neat::RecurrentNetwork::reset, "Sets every node value back to 0.")
      .def_property_readonly("inputs", &neat::RecurrentNetwork::inputs, "Number of inputs.")
      .def_property_readonly("outputs", &neat::RecurrentNetwork::outputs, "Number of outputs.");
}

}  // namespace pond::python
