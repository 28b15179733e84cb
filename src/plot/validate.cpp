// Input checks shared by the pictures.

#include <cmath>
#include <stdexcept>
#include <string>

#include "layout.hpp"

namespace pond::plot::detail {

std::string message(const char* fn, const std::string& msg) {
  return std::string("pond::plot::") + fn + ": " + msg;
}

void check_size(const char* fn, const char* what, int px) {
  if (px < min_size_px || px > max_size_px) {
    throw std::invalid_argument(
        message(fn, std::string(what) + " must be within " + std::to_string(min_size_px) + ".." +
                        std::to_string(max_size_px) + " pixels, got " + std::to_string(px)));
  }
}

void check_map_args(const char* fn, const Axes& axes, double& value_min, double& value_max, int width_px) {
  check_size(fn, "width_px", width_px);
  auto check_range = [&](const char* name, double lo, double hi) {
    if (!std::isfinite(lo) || !std::isfinite(hi)) {
      throw std::invalid_argument(message(fn, std::string(name) + " bounds must be finite, got " +
                                                  std::to_string(lo) + ".." + std::to_string(hi)));
    }
    if (!(lo < hi)) {
      throw std::invalid_argument(message(fn, std::string(name) + " bounds must have min < max, got " +
                                                  std::to_string(lo) + ".." + std::to_string(hi)));
    }
  };
  check_range("x", axes.x_min, axes.x_max);
  check_range("y", axes.y_min, axes.y_max);
  if (!std::isfinite(value_min) || !std::isfinite(value_max)) {
    throw std::invalid_argument(message(fn, "value bounds must be finite, got " + std::to_string(value_min) +
                                                ".." + std::to_string(value_max)));
  }
  if (value_min > value_max) {
    throw std::invalid_argument(message(fn, "value_min must not exceed value_max, got " +
                                                std::to_string(value_min) + " > " +
                                                std::to_string(value_max)));
  }
  if (value_min == value_max) {  // one value everywhere: centre it on the scale
    const double half = value_min == 0.0 ? 0.5 : std::abs(value_min) * 0.05;
    value_min -= half;
    value_max += half;
  }
}

void check_overlay(const char* fn, const PathOverlay* overlay) {
  if (overlay != nullptr && overlay->xy.size() % 2 != 0) {
    throw std::invalid_argument(message(fn, "overlay.xy has " + std::to_string(overlay->xy.size()) +
                                                " numbers, expected 2 per point (x, y)"));
  }
}

double value_fraction(double v, double value_min, double value_max) {
  if (std::isnan(v)) return v;
  const double t = (v - value_min) / (value_max - value_min);
  return t < 0.0 ? 0.0 : (t > 1.0 ? 1.0 : t);
}

}  // namespace pond::plot::detail
