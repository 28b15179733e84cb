// Nearest-point search on a bucket grid.

#include "nearest.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace pond::plot::detail {
namespace {

// Bucket column (or row) of coordinate v, clamped to the grid; safe for any finite v.
long bucket_coord(double v, double origin, double width, long count) {
  return static_cast<long>(std::clamp(std::floor((v - origin) / width), 0.0, static_cast<double>(count - 1)));
}

}  // namespace

NearestIndex::NearestIndex(std::span<const double> xy) {
  const std::size_t n = xy.size() / 2;
  double x_lo = xy[0], x_hi = xy[0], y_lo = xy[1], y_hi = xy[1];
  for (std::size_t i = 1; i < n; ++i) {
    x_lo = std::min(x_lo, xy[2 * i]);
    x_hi = std::max(x_hi, xy[2 * i]);
    y_lo = std::min(y_lo, xy[2 * i + 1]);
    y_hi = std::max(y_hi, xy[2 * i + 1]);
  }
  double ex = x_hi - x_lo, ey = y_hi - y_lo;
  const double extent = std::max({ex, ey, 1e-300});
  ex = std::max(ex, extent * 1e-3);
  ey = std::max(ey, extent * 1e-3);
  // About two points per bucket, buckets roughly square.
  const double h = std::sqrt(ex * ey * 2.0 / static_cast<double>(n));
  nbx_ = std::clamp(static_cast<long>(std::ceil(ex / h)), 1L, 2048L);
  nby_ = std::clamp(static_cast<long>(std::ceil(ey / h)), 1L, 2048L);
  x0_ = x_lo;
  y0_ = y_lo;
  hx_ = ex / static_cast<double>(nbx_);
  hy_ = ey / static_cast<double>(nby_);

  auto bucket_of = [&](double x, double y) {
    return static_cast<std::size_t>(bucket_coord(y, y0_, hy_, nby_) * nbx_ + bucket_coord(x, x0_, hx_, nbx_));
  };
  std::vector<std::size_t> bucket(n);
  start_.assign(static_cast<std::size_t>(nbx_ * nby_) + 1, 0);
  for (std::size_t i = 0; i < n; ++i) {
    bucket[i] = bucket_of(xy[2 * i], xy[2 * i + 1]);
    ++start_[bucket[i] + 1];
  }
  for (std::size_t b = 1; b < start_.size(); ++b) start_[b] += start_[b - 1];
  std::vector<std::size_t> fill(start_.begin(), start_.end() - 1);
  xy_.resize(2 * n);
  index_.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t slot = fill[bucket[i]]++;
    xy_[2 * slot] = xy[2 * i];
    xy_[2 * slot + 1] = xy[2 * i + 1];
    index_[slot] = i;
  }
}

std::size_t NearestIndex::nearest(double x, double y) const {
  const long cx = bucket_coord(x, x0_, hx_, nbx_);
  const long cy = bucket_coord(y, y0_, hy_, nby_);
  double best_d2 = std::numeric_limits<double>::infinity();
  std::size_t best = 0;
  auto scan = [&](long bx, long by) {
    if (bx < 0 || by < 0 || bx >= nbx_ || by >= nby_) return;
    const std::size_t b = static_cast<std::size_t>(by * nbx_ + bx);
    for (std::size_t k = start_[b]; k < start_[b + 1]; ++k) {
      const double dx = xy_[2 * k] - x, dy = xy_[2 * k + 1] - y;
      const double d2 = dx * dx + dy * dy;
      if (d2 < best_d2 || (d2 == best_d2 && index_[k] < best)) {
        best_d2 = d2;
        best = index_[k];
      }
    }
  };
  for (long r = 0;; ++r) {
    for (long by = cy - r; by <= cy + r; ++by) {
      if (by == cy - r || by == cy + r) {
        for (long bx = cx - r; bx <= cx + r; ++bx) scan(bx, by);
      } else {
        scan(cx - r, by);
        scan(cx + r, by);
      }
    }
    // Buckets not yet seen lie beyond one of the block's four sides; stop once all are farther than the
    // best point found (or none are left).
    double reach = std::numeric_limits<double>::infinity();
    if (cx - r > 0) reach = std::min(reach, x - (x0_ + static_cast<double>(cx - r) * hx_));
    if (cx + r < nbx_ - 1) reach = std::min(reach, x0_ + static_cast<double>(cx + r + 1) * hx_ - x);
    if (cy - r > 0) reach = std::min(reach, y - (y0_ + static_cast<double>(cy - r) * hy_));
    if (cy + r < nby_ - 1) reach = std::min(reach, y0_ + static_cast<double>(cy + r + 1) * hy_ - y);
    if (std::isinf(reach) || (reach > 0 && best_d2 < reach * reach)) break;
  }
  return best;
}

}  // namespace pond::plot::detail
