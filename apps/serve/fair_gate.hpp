#pragma once
/// @file
/// A first-come, first-served limit on how many requests compute at once.
///
/// httplib gives every open connection its own thread. Left alone, fifty busy connections are fifty
/// runnable threads on two cores, contending for the allocator and SQLite's locks; unfair wake-ups then
/// leave a few requests waiting many times longer than the rest (a p99 of ~850 ms against a p50 of
/// ~25 ms in the load run). Admitting at most one request per core, in arrival order, keeps the same
/// throughput and makes the wait of each request proportional to the queue ahead of it.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>

namespace pond::serve {

/// Admits at most `slots` holders at a time, in the order they asked.
class FairGate {
 public:
  /// A gate with `slots` (at least 1) places.
  explicit FairGate(std::size_t slots);
  /// Blocks until this caller's turn has come and a place is free.
  void enter();
  /// Like enter(), unless `max_waiting` callers already wait: then returns false at once.
  bool enter_unless_crowded(std::size_t max_waiting);
  /// Frees the place taken by enter().
  void leave();
  /// How many callers are waiting to enter.
  std::size_t waiting();

  /// Holds a place for its lifetime.
  class Pass {
   public:
    explicit Pass(FairGate& gate) : gate_(gate) { gate_.enter(); }
    /// A place taken by enter_unless_crowded(): check entered().
    Pass(FairGate& gate, std::size_t max_waiting) : gate_(gate), entered_(gate.enter_unless_crowded(max_waiting)) {}
    ~Pass() {
      if (entered_) gate_.leave();
    }
    /// Whether the place was taken.
    bool entered() const noexcept { return entered_; }
    Pass(const Pass&) = delete;
    Pass& operator=(const Pass&) = delete;

   private:
    FairGate& gate_;
    bool entered_ = true;
  };

 private:
  struct Waiter {
    std::condition_variable turn;
    bool admitted = false;
  };
  std::mutex mutex_;
  std::deque<Waiter*> queue_;  // in arrival order; each woken alone, so a release wakes one thread
  std::size_t free_;
};

}  // namespace pond::serve
