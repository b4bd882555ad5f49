package org.eirnn.sweep;

import org.eirnn.InvalidInputException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON reader and writer (RFC 8259 without extensions) for grid files, job status files and the
 * manifest. Values: {@code Map<String, Object>} (insertion-ordered), {@code List<Object>}, {@code String},
 * {@code BigDecimal} (so 0.2 stays 0.2 when passed on as a flag), {@code Boolean}, and {@code null}. A syntax error is
 * one line naming the source, line, column and what was expected; duplicate keys are refused.
 */
public final class Json {
    private final String text;
    private final String source;
    private int pos;

    private Json(String text, String source) {
        this.text = text;
        this.source = source;
    }

    /** Parses one JSON value (the whole text); {@code source} names it in error messages. */
    public static Object parse(String text, String source) {
        Json p = new Json(text, source);
        p.skipSpace();
        Object v = p.value();
        p.skipSpace();
        if (p.pos < text.length()) {
            throw p.error("expected the end of the text after the value");
        }
        return v;
    }

    private Object value() {
        if (pos >= text.length()) {
            throw error("expected a value, found the end of the text");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
                return string();
            case 't':
                return word("true", Boolean.TRUE);
            case 'f':
                return word("false", Boolean.FALSE);
            case 'n':
                return word("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("expected a value (object, array, string, number, true, false or null), found '"
                        + c + "'");
        }
    }

    private Map<String, Object> object() {
        Map<String, Object> map = new LinkedHashMap<>();
        sequence('}', "an object", () -> {
            if (peek() != '"') {
                throw error("expected a key in double quotes");
            }
            int keyAt = pos;
            String key = string();
            if (map.containsKey(key)) {
                pos = keyAt;
                throw error("duplicate key \"" + key + "\"");
            }
            skipSpace();
            expect(':');
            skipSpace();
            map.put(key, value());
        });
        return map;
    }

    private List<Object> array() {
        List<Object> list = new ArrayList<>();
        sequence(']', "an array", () -> list.add(value()));
        return list;
    }

    /** Elements separated by commas up to {@code close}, the opening bracket at pos. */
    private void sequence(char close, String what, Runnable element) {
        pos++;
        skipSpace();
        if (peek() == close) {
            pos++;
            return;
        }
        while (true) {
            skipSpace();
            element.run();
            skipSpace();
            if (peek() == ',') {
                pos++;
            } else if (peek() == close) {
                pos++;
                return;
            } else {
                throw error("expected ',' or '" + close + "' in " + what);
            }
        }
    }

    private String string() {
        StringBuilder sb = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return sb.toString();
            }
            if (c < 0x20) {
                throw error("control character in a string (write it as an escape)");
            }
            if (c == '\\') {
                sb.append(escape());
            } else {
                sb.append(c);
                pos++;
            }
        }
    }

    private char escape() {
        pos++;
        char e = peek();
        pos++;
        switch (e) {
            case '"': return '"';
            case '\\': return '\\';
            case '/': return '/';
            case 'b': return '\b';
            case 'f': return '\f';
            case 'n': return '\n';
            case 'r': return '\r';
            case 't': return '\t';
            case 'u':
                if (pos + 4 > text.length() || !text.substring(pos, pos + 4).matches("[0-9a-fA-F]{4}")) {
                    throw error("expected four hex digits after \\u");
                }
                pos += 4;
                return (char) Integer.parseInt(text.substring(pos - 4, pos), 16);
            default:
                pos -= 2;
                throw error("invalid escape in a string");
        }
    }

    private BigDecimal number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            digits();
        } else {
            throw error("expected a digit");
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) {
                throw error("expected a digit after the decimal point");
            }
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("expected a digit in the exponent");
            }
            digits();
        }
        return new BigDecimal(text.substring(start, pos));
    }

    private void digits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private Object word(String w, Object v) {
        if (!text.startsWith(w, pos)) {
            throw error("expected a value (object, array, string, number, true, false or null)");
        }
        pos += w.length();
        return v;
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipSpace() {
        while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
    }

    private InvalidInputException error(String what) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < Math.min(pos, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new InvalidInputException(source + ": JSON error at line " + line + ", column " + col + ": " + what);
    }

    /** Writes a value as indented JSON (objects one key a line, arrays of scalars on one line). */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, "");
        return sb.append('\n').toString();
    }

    private static void write(StringBuilder sb, Object v, String indent) {
        if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append("{\n");
            int i = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append(indent).append("  ");
                quote(sb, e.getKey().toString());
                sb.append(": ");
                write(sb, e.getValue(), indent + "  ");
                sb.append(++i < m.size() ? ",\n" : "\n");
            }
            sb.append(indent).append('}');
        } else if (v instanceof List<?> l) {
            boolean flat = l.stream().noneMatch(x -> x instanceof Map || x instanceof List);
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                sb.append(flat ? "" : "\n" + indent + "  ");
                write(sb, l.get(i), indent + "  ");
                sb.append(i + 1 < l.size() ? (flat ? ", " : ",") : "");
            }
            sb.append(flat || l.isEmpty() ? "]" : "\n" + indent + "]");
        } else if (v instanceof String s) {
            quote(sb, s);
        } else if (v instanceof Double d) {
            sb.append(Double.isFinite(d) ? d.toString() : "null");
        } else {
            sb.append(v);   // null, Boolean, BigDecimal, Integer, Long
        }
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }
}
