#include "pond/run/run_plots.hpp"

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include "pond/core/cvt_archive.hpp"
#include "pond/core/file_io.hpp"
#include "pond/core/grid_archive.hpp"
#include "pond/plot/plot.hpp"
#include "pond/run/archive_io.hpp"
#include "pond/neat/genome_io.hpp"

namespace pond {
namespace {

double parse_cell(const std::string& text, const std::string& where) {
  if (text == "nan" || text.empty()) return std::numeric_limits<double>::quiet_NaN();
  try {
    std::size_t used = 0;
    const double v = std::stod(text, &used);
    if (used != text.size()) throw std::invalid_argument(text);
    return v;
  } catch (const std::exception&) {
    throw Error(where + ": '" + text + "' is not a number");
  }
}

// Objective range for colours: the archive's own min and max.
template <class S>
std::pair<double, double> objective_range(const Archive<S>& archive) {
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (double v : archive.elites().objectives()) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  if (!(lo <= hi)) return {0.0, 1.0};
  return {lo, hi};
}

// Draws heatmap.png (and novelty.png) from the run's saved archives of solution type S.
template <class S>
void draw_archives(const RunDirectory& run, const std::string& name, std::vector<std::filesystem::path>& written) {
  const auto archive_file = run.file("archive.bin");
  const auto archive = read_archive_bytes<S>(read_file(archive_file), archive_file.string());
  if (archive->descriptor_dim() != 2) return;  // nothing to draw on a plane
  const auto result_file = run.file("result_archive.bin");
  if (std::filesystem::exists(result_file)) {
    const auto result = read_archive_bytes<S>(read_file(result_file), result_file.string());
    write_file_atomic(run.file("heatmap.png"), archive_picture_png(*result, "Cells reached: " + name));
    write_file_atomic(run.file("novelty.png"), archive_picture_png(*archive, "Novelty archive: " + name));
    written.push_back(run.file("heatmap.png"));
    written.push_back(run.file("novelty.png"));
  } else {
    write_file_atomic(run.file("heatmap.png"), archive_picture_png(*archive, "Archive: " + name));
    written.push_back(run.file("heatmap.png"));
  }
}

}  // namespace

std::vector<MetricsRow> read_metrics(const std::filesystem::path& file) {
  std::istringstream in(read_file(file));
  std::string line;
  std::vector<MetricsRow> rows;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (number == 1) {
      if (line + "\n" != metrics_header) throw Error(file.string() + ":1: unexpected header '" + line + "'");
      continue;
    }
    if (line.empty()) continue;
    std::vector<double> cells;
    std::stringstream fields(line);
    std::string cell;
    const std::string where = file.string() + ":" + std::to_string(number);
    while (std::getline(fields, cell, ',')) cells.push_back(parse_cell(cell, where));
    if (cells.size() != 10) throw Error(where + ": expected 10 columns, found " + std::to_string(cells.size()));
    rows.push_back({cells[0], cells[1], cells[2], cells[3], cells[4], cells[5], cells[6], cells[7], cells[8], cells[9]});
  }
  return rows;
}

template <class S>
std::string archive_picture_png(const Archive<S>& archive, const std::string& title, const plot::PathOverlay* overlay) {
  if (archive.descriptor_dim() != 2) throw Error("only archives with 2-D descriptors can be drawn");
  const auto [lo, hi] = objective_range(archive);
  if (const auto* grid_archive = dynamic_cast<const GridArchive<S>*>(&archive)) {
    const auto& o = grid_archive->options();
    std::vector<double> values(archive.cells(), std::numeric_limits<double>::quiet_NaN());
    // Plot cells are row-major with y slowest; the archive's are row-major with descriptor 0 slowest.
    for (std::size_t slot = 0; slot < archive.size(); ++slot) {
      const std::size_t cell = archive.cell_of_slot(slot);
      const std::size_t ix = cell / o.dims[1], iy = cell % o.dims[1];
      values[iy * o.dims[0] + ix] = archive.elites().objective(slot);
    }
    const plot::Axes axes{title, "descriptor 1", "descriptor 2", o.lower[0], o.upper[0], o.lower[1], o.upper[1]};
    return plot::grid_heatmap_png(o.dims[0], o.dims[1], values, axes, lo, hi, "objective", 800, overlay);
  }
  if (const auto* cvt = dynamic_cast<const CvtArchive<S>*>(&archive)) {
    const auto& o = cvt->options();
    std::vector<double> values(archive.cells(), std::numeric_limits<double>::quiet_NaN());
    for (std::size_t slot = 0; slot < archive.size(); ++slot) values[archive.cell_of_slot(slot)] = archive.elites().objective(slot);
    const plot::Axes axes{title, "descriptor 1", "descriptor 2", o.lower[0], o.upper[0], o.lower[1], o.upper[1]};
    return plot::voronoi_heatmap_png(cvt->centroids(), values, axes, lo, hi, "objective", 800, overlay);
  }
  // Unstructured: bounds from the points themselves.
  const auto d = archive.elites().descriptors();
  double x0 = std::numeric_limits<double>::infinity(), x1 = -x0, y0 = x0, y1 = -x0;
  for (std::size_t i = 0; i + 1 < d.size(); i += 2) {
    x0 = std::min(x0, d[i]);
    x1 = std::max(x1, d[i]);
    y0 = std::min(y0, d[i + 1]);
    y1 = std::max(y1, d[i + 1]);
  }
  if (!(x0 < x1)) x0 -= 1, x1 += 1;
  if (!(y0 < y1)) y0 -= 1, y1 += 1;
  const plot::Axes axes{title, "descriptor 1", "descriptor 2", x0, x1, y0, y1};
  return plot::scatter_png(d, archive.elites().objectives(), axes, lo, hi, "objective");
}

std::vector<std::filesystem::path> write_run_plots(const RunDirectory& run) {
  std::vector<std::filesystem::path> written;
  const auto& c = run.config();
  const std::string name = c.task + ", " + c.algo + ", seed " + std::to_string(c.seed);
  const auto archive_file = run.file("archive.bin");
  if (!std::filesystem::exists(archive_file)) {
    throw Error(run.path().string() + " has no archive.bin yet (the run has not finished; resume it first)");
  }
  if (is_neat_task(c.task)) {
    draw_archives<neat::Genome>(run, name, written);
  } else {
    draw_archives<Vector>(run, name, written);
  }
  const auto rows = read_metrics(run.file("metrics.csv"));
  if (!rows.empty()) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    plot::Series qd{"QD score", {}, {}}, coverage{"coverage (%)", {}, {}};
    for (const auto& r : rows) {
      qd.x.push_back(r.evaluations);
      qd.y.push_back(r.qd_score);
      coverage.x.push_back(r.evaluations);
      coverage.y.push_back(100.0 * r.coverage);
    }
    std::vector<std::pair<plot::Axes, std::vector<plot::Series>>> charts;
    charts.push_back({plot::Axes{"QD score: " + name, "evaluations", "QD score", nan, nan, nan, nan}, {qd}});
    charts.push_back({plot::Axes{"Coverage", "evaluations", "coverage (%)", nan, nan, nan, nan}, {coverage}});
    write_file_atomic(run.file("progress.png"), plot::stacked_line_charts_png(charts));
    written.push_back(run.file("progress.png"));
  }
  return written;
}

template std::string archive_picture_png<Vector>(const Archive<Vector>&, const std::string&, const plot::PathOverlay*);
template std::string archive_picture_png<neat::Genome>(const Archive<neat::Genome>&, const std::string&,
                                                       const plot::PathOverlay*);

}  // namespace pond
