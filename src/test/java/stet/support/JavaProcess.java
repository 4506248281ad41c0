package stet.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A JVM of its own for a class of the project, on the tests' class path: for what only a process shows. */
public final class JavaProcess {

    private JavaProcess() {}

    /** A process running {@code mainClass} with these JVM options, not yet started. */
    public static ProcessBuilder of(Class<?> mainClass, String... jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(mainClass.getName());
        return new ProcessBuilder(command);
    }
}
