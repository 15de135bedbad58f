// EPUBCheck for a whole build in one Java process.
//
// Java's start and EPUBCheck's schemas cost about five processor-seconds a process; a book
// checked in a warm process costs a tenth of a second. The build starts this once (Java's
// source-file mode compiles it in memory) and asks for one book a line on standard input:
// "<epub path>\t<report path>". For each it writes EPUBCheck's JSON report (as the command
// line's --json writes it) and answers one line on standard output: "done", or "error ..."
// where EPUBCheck itself failed. It ends when its input ends, so it dies with the build.

import com.adobe.epubcheck.api.EpubCheck;
import com.adobe.epubcheck.reporting.CheckingReport;
import com.adobe.epubcheck.util.ReportingLevel;
import java.io.BufferedReader;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

public class EpubCheckServer {
  public static void main(String[] args) throws Exception {
    BufferedReader requests =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    PrintStream answers =
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    // Anything EPUBCheck prints goes to standard error, never into the answers.
    System.setOut(System.err);
    answers.println("ready");
    String line;
    while ((line = requests.readLine()) != null) {
      String[] request = line.split("\t", 2);
      if (request.length != 2) {
        answers.println("error a request is '<epub>\\t<report>'");
        continue;
      }
      try (PrintWriter json = new PrintWriter(request[1], StandardCharsets.UTF_8)) {
        CheckingReport report = new CheckingReport(json, request[0]);
        report.initialize();
        // What the command line reports without --usage: every message but usage hints.
        report.setReportingLevel(ReportingLevel.Info);
        new EpubCheck(new File(request[0]), report).doValidate();
        report.generate();
      } catch (Throwable error) {
        answers.println("error " + String.valueOf(error).replace('\n', ' '));
        continue;
      }
      answers.println("done");
    }
  }
}
