package nnspec.claims;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads {@code golden/claims.csv} (RFC 4180: a header row, fields quoted when they hold a comma, a quote or a line
 * break, quotes doubled inside). A malformed file is reported by row and column, never half-read.
 */
public final class Claims {
    private Claims() {
    }

    /** Thrown for a malformed claims file: the message names the row (1-based, the header is row 1) and column. */
    public static final class FormatException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FormatException(String message) {
            super(message);
        }
    }

    public static List<Claim> parse(String text) {
        List<List<String>> records = records(text);
        if (records.isEmpty() || !records.get(0).equals(Claim.COLUMNS)) {
            throw new FormatException("row 1: the header must be " + String.join(",", Claim.COLUMNS));
        }
        List<Claim> claims = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int r = 1; r < records.size(); r++) {
            List<String> f = records.get(r);
            String where = "row " + (r + 1);
            if (f.size() != Claim.COLUMNS.size()) {
                throw new FormatException(where + ": " + f.size() + " fields, expected " + Claim.COLUMNS.size());
            }
            int line;
            try {
                line = Integer.parseInt(f.get(2));
            } catch (NumberFormatException e) {
                throw new FormatException(where + ", column line: not a line number: '" + f.get(2) + "'");
            }
            Claim.Kind kind = parseEnum(Claim.Kind.class, f.get(4).toUpperCase(Locale.ROOT), where, "kind");
            Claim.Verdict verdict = parseEnum(Claim.Verdict.class, f.get(6), where, "verdict");
            Claim claim;
            try {
                claim = new Claim(f.get(0), f.get(1), line, f.get(3), kind, f.get(5), verdict, f.get(7), f.get(8),
                        f.get(9));
            } catch (IllegalArgumentException e) {
                throw new FormatException(where + ": " + e.getMessage());
            }
            if (!ids.add(claim.id())) {
                throw new FormatException(where + ", column id: '" + claim.id() + "' is used twice");
            }
            claims.add(claim);
        }
        return List.copyOf(claims);
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String value, String where, String column) {
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw new FormatException(where + ", column " + column + ": unknown value '" + value + "'");
        }
    }

    private static List<List<String>> records(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        int row = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.length() == 0) {
                quoted = true;
                any = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                any = true;
            } else if (c == '\n') {
                fields.add(field.toString());
                records.add(List.copyOf(fields));
                fields.clear();
                field.setLength(0);
                any = false;
                row++;
            } else if (c != '\r') {
                field.append(c);
                any = true;
            }
        }
        if (quoted) {
            throw new FormatException("row " + row + ": a quoted field is not closed");
        }
        if (any) {
            fields.add(field.toString());
            records.add(List.copyOf(fields));
        }
        return records;
    }
}
