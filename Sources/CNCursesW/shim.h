#ifndef LIGHTBOX_CNCURSESW_SHIM_H
#define LIGHTBOX_CNCURSESW_SHIM_H
/* SwiftPM drops pkg-config's -D_XOPEN_SOURCE, so the wide-char API must be asked for here. */
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <locale.h>
#include <wchar.h>
#include <stdio.h>
#include <ncursesw/ncurses.h>

static const attr_t LB_A_NORMAL = A_NORMAL;
static const attr_t LB_A_BOLD = A_BOLD;
static const attr_t LB_A_REVERSE = A_REVERSE;
static const attr_t LB_A_DIM = A_DIM;
static const attr_t LB_A_UNDERLINE = A_UNDERLINE;
static const attr_t LB_A_COLOR = A_COLOR;

static inline WINDOW *lb_stdscr(void) { return stdscr; }
static inline int lb_colors(void) { return COLORS; }
static inline int lb_color_pairs(void) { return COLOR_PAIRS; }
static inline int lb_lines(void) { return LINES; }
static inline int lb_cols(void) { return COLS; }
static inline int lb_key_f(int n) { return KEY_F(n); }
/* newterm on the process's own stdout/stdin; Swift 6 refuses to read the C globals. */
static inline SCREEN *lb_newterm_stdio(void) { return newterm(NULL, stdout, stdin); }
/* newterm for an explicit terminal type (a fallback when $TERM has no terminfo entry). */
static inline SCREEN *lb_newterm_type(const char *type) { return newterm(type, stdout, stdin); }
/* Where ncurses believes the terminal's cursor is after an update (getcury/getcurx are macros). */
static inline int lb_cursor_y(void) { return getcury(curscr); }
static inline int lb_cursor_x(void) { return getcurx(curscr); }
/* Mouse: the event masks are macros over NCURSES_MOUSE_MASK, which Swift does not import. */
static const mmask_t LB_BUTTON1_PRESSED = BUTTON1_PRESSED;
static const mmask_t LB_BUTTON1_RELEASED = BUTTON1_RELEASED;
static const mmask_t LB_BUTTON1_CLICKED = BUTTON1_CLICKED;
static const mmask_t LB_BUTTON3_PRESSED = BUTTON3_PRESSED;
static const mmask_t LB_BUTTON3_RELEASED = BUTTON3_RELEASED;
static const mmask_t LB_BUTTON4_PRESSED = BUTTON4_PRESSED;
static const mmask_t LB_BUTTON5_PRESSED = BUTTON5_PRESSED;
static const mmask_t LB_REPORT_MOUSE_POSITION = REPORT_MOUSE_POSITION;
static const mmask_t LB_ALL_MOUSE_EVENTS = ALL_MOUSE_EVENTS;
#endif
