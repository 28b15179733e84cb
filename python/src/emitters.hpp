#pragma once
// Emitters as the Python module shares them between Python objects and schedulers.

#include <memory>

#include "common.hpp"
#include "pond/core/emitter.hpp"

namespace pond::python {

/// An emitter a scheduler can own that forwards to `emitter`, which the Python object keeps too.
std::unique_ptr<Emitter<Vector>> share_emitter(std::shared_ptr<Emitter<Vector>> emitter);

/// The length of the solutions `emitter` makes (0 when the emitter type is not one pond knows).
std::size_t emitter_solution_dim(const Emitter<Vector>& emitter);

}  // namespace pond::python
