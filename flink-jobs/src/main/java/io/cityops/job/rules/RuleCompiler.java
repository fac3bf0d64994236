package io.cityops.job.rules;

import com.espertech.esper.common.client.EPCompiled;
import com.espertech.esper.common.client.configuration.Configuration;
import com.espertech.esper.compiler.client.CompilerArguments;
import com.espertech.esper.compiler.client.EPCompileException;
import com.espertech.esper.compiler.client.EPCompileExceptionItem;
import com.espertech.esper.compiler.client.EPCompiler;
import com.espertech.esper.compiler.client.EPCompilerProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles a rule set: each file as its own module, against the files before it (so an error names
 * its file), then the module that {@link RuleEngine} listens to.
 */
final class RuleCompiler {
    private RuleCompiler() {}

    /** Statement names of the output module: one listener each. */
    static final String OUT_MATCH = "cityops-out-match";

    static final String OUT_CLEAR = "cityops-out-clear";
    static final String OUT_SUPPRESS = "cityops-out-suppress";

    private static final String OUTPUT_MODULE =
            "@name('"
                    + OUT_MATCH
                    + "') select * from "
                    + EsperTypes.MATCH.name
                    + ";\n"
                    + "@name('"
                    + OUT_CLEAR
                    + "') select * from "
                    + EsperTypes.CLEAR.name
                    + ";\n"
                    + "@name('"
                    + OUT_SUPPRESS
                    + "') select * from "
                    + EsperTypes.SUPPRESS.name
                    + ";\n";

    /** Esper reports a syntax error's place relative to the statement: "at line 2 column 14". */
    private static final Pattern RELATIVE_LINE = Pattern.compile("at line (\\d+) column (\\d+)");

    /** The configuration (for the runtime) and the modules in deployment order, outputs last. */
    record Compiled(Configuration configuration, List<EPCompiled> modules) {}

    static Compiled compile(List<String> files, List<String> texts, Map<String, Double> thresholds)
            throws RuleLoadException {
        Configuration config = EsperTypes.configuration(thresholds);
        EPCompiler compiler = EPCompilerProvider.getCompiler();
        CompilerArguments args = new CompilerArguments(config);
        List<EPCompiled> modules = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            modules.add(compileOne(compiler, args, files.get(i), texts.get(i)));
        }
        modules.add(compileOne(compiler, args, "(output listeners)", OUTPUT_MODULE));
        return new Compiled(config, List.copyOf(modules));
    }

    private static EPCompiled compileOne(
            EPCompiler compiler, CompilerArguments args, String file, String text)
            throws RuleLoadException {
        try {
            EPCompiled compiled = compiler.compile(text, args);
            args.getPath().add(compiled);
            return compiled;
        } catch (EPCompileException e) {
            throw toLoadException(file, text, e);
        }
    }

    private static RuleLoadException toLoadException(
            String file, String text, EPCompileException e) {
        if (e.getItems().isEmpty()) {
            return new RuleLoadException(file, 0, e.getMessage(), e);
        }
        EPCompileExceptionItem item = e.getItems().get(0);
        int line = item.getLineNumber();
        String message = item.getMessage();
        Matcher m = RELATIVE_LINE.matcher(message);
        if (m.find() && line > 0) {
            // The statement starts at `line`; Esper counts the statement's own lines from 1.
            int absolute = line + Integer.parseInt(m.group(1)) - 1;
            message = m.replaceFirst("at line " + absolute + " column " + m.group(2));
            line = absolute;
        } else if (line > 0) {
            // Esper counts the comments before a statement as part of it.
            line = firstCodeLine(text, line);
        }
        return new RuleLoadException(file, line, message, e);
    }

    /** The line of the first character at or after {@code line} that is not blank or comment. */
    static int firstCodeLine(String text, int line) {
        int i = 0;
        for (int l = 1; l < line && i >= 0; l++) {
            i = text.indexOf('\n', i) + 1;
            if (i == 0) {
                return line;
            }
        }
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (text.startsWith("//", i) || text.startsWith("--", i)) {
                int end = text.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else if (text.startsWith("/*", i)) {
                int end = text.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else {
                break;
            }
        }
        if (i >= n) {
            return line;
        }
        int result = 1;
        for (int k = 0; k < i; k++) {
            if (text.charAt(k) == '\n') {
                result++;
            }
        }
        return result;
    }
}
