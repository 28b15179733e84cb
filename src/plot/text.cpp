// Text: font choice, measuring and anchored drawing.

#include <string>

#include "canvas.hpp"

namespace pond::plot::detail {

void set_font(cairo_t* cr, double size, bool bold) {
  cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                         bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
}

double text_width(cairo_t* cr, const std::string& text) {
  cairo_text_extents_t e;
  cairo_text_extents(cr, text.c_str(), &e);
  return e.x_advance;
}

void draw_text(cairo_t* cr, const std::string& text, double x, double y, double size, Rgb c, HAlign h,
               VAlign v, bool bold, double angle) {
  if (text.empty()) return;
  cairo_save(cr);
  set_font(cr, size, bold);
  const double w = text_width(cr, text);
  double dx = 0.0;
  if (h == HAlign::center) dx = -w / 2;
  if (h == HAlign::right) dx = -w;
  // Capital letters of DejaVu Sans are 0.73 em tall.
  double dy = 0.0;
  if (v == VAlign::top) dy = 0.73 * size;
  if (v == VAlign::middle) dy = 0.365 * size;
  cairo_translate(cr, x, y);
  cairo_rotate(cr, -angle);
  cairo_move_to(cr, dx, dy);
  set_colour(cr, c);
  cairo_show_text(cr, text.c_str());
  cairo_new_path(cr);
  cairo_restore(cr);
}

}  // namespace pond::plot::detail
