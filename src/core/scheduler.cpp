#include "pond/core/scheduler.hpp"

namespace pond {
template class Scheduler<Vector>;
}  // namespace pond
