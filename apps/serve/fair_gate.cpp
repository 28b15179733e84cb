// First-come, first-served admission: waiters queue in arrival order, and a freed place passes
// straight to the first of them.

#include "serve/fair_gate.hpp"

#include <stdexcept>

namespace pond::serve {

FairGate::FairGate(std::size_t slots) : free_(slots) {
  if (slots == 0) throw std::invalid_argument("FairGate: at least one slot");
}

void FairGate::enter() { enter_unless_crowded(static_cast<std::size_t>(-1)); }

bool FairGate::enter_unless_crowded(std::size_t max_waiting) {
  std::unique_lock lock(mutex_);
  if (free_ > 0 && queue_.empty()) {
    --free_;
    return true;
  }
  if (queue_.size() >= max_waiting) return false;
  Waiter me;
  queue_.push_back(&me);
  me.turn.wait(lock, [&] { return me.admitted; });
  return true;
}

void FairGate::leave() {
  const std::lock_guard lock(mutex_);
  if (queue_.empty()) {
    ++free_;
    return;
  }
  // The place goes to the longest waiter directly, so a newcomer cannot overtake it.
  Waiter* next = queue_.front();
  queue_.pop_front();
  next->admitted = true;
  next->turn.notify_one();  // under the lock: `next` lives on its thread's stack until it wakes
}

std::size_t FairGate::waiting() {
  const std::lock_guard lock(mutex_);
  return queue_.size();
}

}  // namespace pond::serve
