#include "pond/mpi/mpi_distributor.hpp"

#include "mpi_calls.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <deque>
#include <exception>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace pond::mpi {
namespace {

// Message tags.
constexpr int tag_work = 1;
constexpr int tag_result = 2;
constexpr int tag_failed = 3;
constexpr int tag_stop = 4;

using detail::check;
using detail::message_size;

// How long rank 0 evaluates between two looks at the workers' messages: long enough that looking
// (a few microseconds) costs nothing, short enough that a worker never waits long for its next chunk.
constexpr double piece_seconds = 0.5e-3;

// Runs `work` and adds its wall time to `busy`.
template <class Work>
void timed(double& busy, Work&& work) {
  const auto start = std::chrono::steady_clock::now();
  work();
  busy += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void send(const std::string& bytes, int to, int tag, Traffic& traffic) {
  check(MPI_Send(bytes.data(), message_size(bytes.size()), MPI_BYTE, to, tag, MPI_COMM_WORLD), "send");
  traffic.bytes_sent += bytes.size();
}

// Receives the message `status` announced (after a probe).
std::string receive(const MPI_Status& status, Traffic& traffic) {
  int count = 0;
  check(MPI_Get_count(&status, MPI_BYTE, &count), "get_count");
  std::string bytes(static_cast<std::size_t>(count), '\0');
  check(MPI_Recv(bytes.data(), count, MPI_BYTE, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE), "recv");
  traffic.bytes_received += bytes.size();
  return bytes;
}

// The first evaluation that failed in a batch.
struct Failure {
  int rank;
  std::size_t candidate;  // index in the batch
  std::string what;
};

}  // namespace

bool Environment::launched_by_mpirun() noexcept {
  for (const char* variable : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK"}) {
    if (std::getenv(variable) != nullptr) return true;
  }
  return false;
}

Environment::Environment(int& argc, char**& argv) {
  if (!launched_by_mpirun()) return;
  int provided = 0;
  check(MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided), "init");
  active_ = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  // Errors come back as codes, which check() turns into exceptions with a message.
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
}

Environment::~Environment() {
  if (active_) MPI_Finalize();
}

void Environment::abort(int code) const {
  if (active_) MPI_Abort(MPI_COMM_WORLD, code);
  std::exit(code);
}

MpiDistributor::MpiDistributor() {
  int initialised = 0;
  MPI_Initialized(&initialised);
  if (initialised) {
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
  }
  if (const char* fail = std::getenv("POND_MPI_FAIL_AFTER"); fail != nullptr && rank_ != 0) {
    fail_after_ = std::strtoull(fail, nullptr, 10) + 1;
  }
}

MpiDistributor::~MpiDistributor() {
  try {
    stop_workers();
  } catch (...) {  // a destructor must not throw; the job is ending anyway
  }
}

void MpiDistributor::stop_workers() {
  if (rank_ != 0 || stopped_) return;
  // Every worker is told, even when telling one of them fails; the first failure is reported after.
  std::exception_ptr failure;
  for (int worker = 1; worker < size_; ++worker) {
    try {
      send(std::string(), worker, tag_stop, traffic_);
    } catch (...) {
      if (!failure) failure = std::current_exception();
    }
  }
  stopped_ = true;
  if (failure) std::rethrow_exception(failure);
}

void MpiDistributor::evaluate(std::size_t n, std::size_t descriptor_dim, const Encoder& encode, const LocalEvaluation& here,
                              std::span<double> objectives, std::span<double> descriptors) {
  if (rank_ != 0) throw std::logic_error("MpiDistributor::evaluate: only rank 0 hands out work");
  if (size_ == 1 || n == 0) {
    timed(traffic_.busy_seconds, [&] { here(0, n); });
    return;
  }
  const std::size_t ranks = static_cast<std::size_t>(size_);
  const std::uint64_t batch = ++batches_;  // results carry it: a stray one from another batch is an error
  std::size_t next = 0;         // first candidate not handed out yet
  std::size_t outstanding = 0;  // chunks handed to workers and not back yet
  std::optional<Failure> failure;
  const auto note_failure = [&](Failure f) {
    if (!failure || f.candidate < failure->candidate) failure = std::move(f);
  };
  // Guided sizes: a quarter of what is left per rank, so chunks shrink toward the end of the batch and
  // the ranks finish together; or the fixed size set_chunk_size gave.
  const auto take_chunk = [&] {
    const std::size_t begin = next;
    const std::size_t left = n - begin;
    const std::size_t chunk = chunk_ != 0 ? chunk_ : std::max<std::size_t>(1, (left + 4 * ranks - 1) / (4 * ranks));
    next = std::min(n, begin + chunk);
    return std::pair{begin, next};
  };
  // Work goes out without blocking: a blocking send of a large chunk waits for the worker to receive
  // it, while the worker may be waiting to send its previous result to us (a deadlock). The buffers
  // live until every send of this batch completed.
  std::deque<std::string> buffers;
  std::vector<MPI_Request> requests;
  const auto send_chunk = [&](int worker) {
    const auto [begin, end] = take_chunk();
    BinaryWriter out;
    out.write<std::uint64_t>(batch);
    out.write<std::uint64_t>(begin);
    out.write<std::uint64_t>(end - begin);
    encode(begin, end, out);
    const std::string& bytes = buffers.emplace_back(out.take());
    requests.emplace_back();
    check(MPI_Isend(bytes.data(), message_size(bytes.size()), MPI_BYTE, worker, tag_work, MPI_COMM_WORLD, &requests.back()),
          "isend");
    traffic_.bytes_sent += bytes.size();
    ++traffic_.chunks_sent;
    traffic_.candidates_sent += end - begin;
    ++outstanding;
  };
  // Receives one message from a worker (waiting for it when `wait`); returns false when none was there.
  const auto receive_one = [&](bool wait) {
    MPI_Status status;
    if (wait) {
      check(MPI_Probe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &status), "probe");
    } else {
      int flag = 0;
      check(MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &status), "iprobe");
      if (!flag) return false;
    }
    const std::string bytes = receive(status, traffic_);
    BinaryReader in(bytes, "MPI message from rank " + std::to_string(status.MPI_SOURCE));
    --outstanding;
    if (in.read<std::uint64_t>("batch") != batch) in.fail("a result of another batch");
    const auto begin = in.read<std::uint64_t>("chunk start");
    if (status.MPI_TAG == tag_failed) {
      const auto index = in.read<std::uint64_t>("failed candidate");
      note_failure({status.MPI_SOURCE, static_cast<std::size_t>(begin + index), in.read_string("error")});
      return true;
    }
    const auto count = in.read<std::uint64_t>("chunk size");
    if (begin + count > n) in.fail("chunk [" + std::to_string(begin) + ", +" + std::to_string(count) + ") is outside the batch");
    const auto f = in.read_vector<double>("objectives", count);
    const auto d = in.read_vector<double>("descriptors", count * descriptor_dim);
    if (f.size() != count || d.size() != count * descriptor_dim) in.fail("result sizes do not match the chunk");
    std::copy(f.begin(), f.end(), objectives.begin() + static_cast<std::ptrdiff_t>(begin));
    std::copy(d.begin(), d.end(), descriptors.begin() + static_cast<std::ptrdiff_t>(begin * descriptor_dim));
    if (!failure && next < n) send_chunk(status.MPI_SOURCE);
    return true;
  };

  // If anything throws here (encoding, a bad message, MPI itself), the chunks still out must come back
  // and the sends complete before their buffers go, or the next batch would read this one's results.
  struct Drain {
    std::size_t& outstanding;
    std::vector<MPI_Request>& requests;
    Traffic& traffic;
    ~Drain() {
      if (std::uncaught_exceptions() == 0) return;
      try {
        for (; outstanding > 0; --outstanding) {
          MPI_Status status;
          if (MPI_Probe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &status) != MPI_SUCCESS) break;
          receive(status, traffic);
        }
        MPI_Waitall(static_cast<int>(requests.size()), requests.data(), MPI_STATUSES_IGNORE);
      } catch (...) {  // already failing: the first error is the one to report
      }
    }
  } drain{outstanding, requests, traffic_};
  // Two chunks ahead per worker, so a worker finds its next chunk waiting when it finishes one.
  for (int ahead = 0; ahead < 2; ++ahead) {
    for (int worker = 1; worker < size_ && next < n; ++worker) send_chunk(worker);
  }
  for (;;) {
    while (receive_one(false)) {
    }
    if (!failure && next < n) {
      // Nothing to hand out right now: evaluate a chunk here, in pieces of about piece_seconds, and
      // between pieces answer the workers. MPI moves messages only inside MPI calls here, so a worker
      // that finishes while this rank computes would otherwise wait for the whole chunk.
      const auto [begin, end] = take_chunk();
      for (std::size_t at = begin; at < end && !failure;) {
        const std::size_t piece = std::clamp<std::size_t>(
            static_cast<std::size_t>(piece_seconds / std::max(seconds_per_candidate_, 1e-9)), 1, end - at);
        const double busy_before = traffic_.busy_seconds;
        try {
          timed(traffic_.busy_seconds, [&] { here(at, at + piece); });
        } catch (const CandidateFailure& e) {
          note_failure({0, at + e.index(), e.what()});
        } catch (const std::exception& e) {
          note_failure({0, at, e.what()});
        }
        seconds_per_candidate_ = (traffic_.busy_seconds - busy_before) / static_cast<double>(piece);
        at += piece;
        while (receive_one(false)) {
        }
      }
      continue;
    }
    if (outstanding == 0) break;
    receive_one(true);
  }
  // Every chunk came back, so every send was received; this only releases the requests.
  check(MPI_Waitall(static_cast<int>(requests.size()), requests.data(), MPI_STATUSES_IGNORE), "waitall");
  if (failure) {
    throw Error("MPI rank " + std::to_string(failure->rank) + " failed evaluating candidate " +
                std::to_string(failure->candidate) + " of the batch: " + failure->what);
  }
}

void MpiDistributor::serve(std::size_t descriptor_dim, const ChunkEvaluation& evaluate) {
  if (rank_ == 0) throw std::logic_error("MpiDistributor::serve: rank 0 coordinates; workers serve");
  std::vector<double> objectives, descriptors;
  // Results go out without blocking too (the next chunk is usually already here): at most two pending.
  std::deque<std::pair<MPI_Request, std::string>> pending;
  const auto reply = [&](BinaryWriter& out, int tag) {
    if (pending.size() == 2) {
      check(MPI_Wait(&pending.front().first, MPI_STATUS_IGNORE), "wait");
      pending.pop_front();
    }
    auto& [request, bytes] = pending.emplace_back(MPI_REQUEST_NULL, out.take());
    check(MPI_Isend(bytes.data(), message_size(bytes.size()), MPI_BYTE, 0, tag, MPI_COMM_WORLD, &request), "isend");
    traffic_.bytes_sent += bytes.size();
  };
  for (;;) {
    MPI_Status status;
    check(MPI_Probe(0, MPI_ANY_TAG, MPI_COMM_WORLD, &status), "probe");
    const std::string bytes = receive(status, traffic_);
    if (status.MPI_TAG == tag_stop) {
      for (auto& [request, buffer] : pending) check(MPI_Wait(&request, MPI_STATUS_IGNORE), "wait");
      return;
    }
    BinaryReader in(bytes, "MPI work message");
    const auto batch = in.read<std::uint64_t>("batch");
    const auto begin = in.read<std::uint64_t>("chunk start");
    const auto count = static_cast<std::size_t>(in.read<std::uint64_t>("chunk size"));
    objectives.assign(count, 0.0);
    descriptors.assign(count * descriptor_dim, 0.0);
    BinaryWriter out;
    out.write<std::uint64_t>(batch);
    out.write<std::uint64_t>(begin);
    try {
      if (fail_after_ != 0 && evaluated_ + count >= fail_after_) {
        throw CandidateFailure(static_cast<std::size_t>(fail_after_ - 1 - evaluated_),
                               "injected failure (POND_MPI_FAIL_AFTER=" + std::to_string(fail_after_ - 1) + ")");
      }
      timed(traffic_.busy_seconds, [&] { evaluate(in, count, objectives, descriptors); });
      evaluated_ += count;
      out.write<std::uint64_t>(count);
      out.write_span<double>(objectives);
      out.write_span<double>(descriptors);
      reply(out, tag_result);
    } catch (const CandidateFailure& e) {
      out.write<std::uint64_t>(e.index());
      out.write_string(e.what());
      reply(out, tag_failed);
    } catch (const std::exception& e) {
      out.write<std::uint64_t>(0);
      out.write_string(e.what());
      reply(out, tag_failed);
    }
  }
}

}  // namespace pond::mpi
