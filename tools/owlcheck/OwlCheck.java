// OwlCheck: load an ontology document with the OWL API and report what Protégé would silently
// tolerate. Exits 0 only if the document
//   - parses, with no unparsed triples,
//   - has no missing imports,
//   - needs no guessed declarations (every entity used is declared),
//   - is in the OWL 2 DL profile (OWL2DLProfile reports no violation).
// Usage: java -cp <owlapi jars>:<dir> OwlCheck [--map IRI=FILE]... FILE...
//   --map resolves an owl:imports of IRI to a local FILE (e.g. a data export importing
//   https://w3id.org/diplomacy-kg/ontology checked against ontology/diplomacy.ttl). Nothing is ever
//   fetched from the network: any other import is reported as missing.
// Output: one line per problem, "FILE: KIND: detail", then "FILE: OK" or "FILE: FAIL (n problems)".
// Exit status: 0 all OK, 1 problems found, 2 a document could not be loaded at all.

import java.io.File;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.io.FileDocumentSource;
import org.semanticweb.owlapi.io.OWLOntologyLoaderMetaData;
import org.semanticweb.owlapi.io.RDFParserMetaData;
import org.semanticweb.owlapi.model.IRI;
import org.semanticweb.owlapi.model.MissingImportHandlingStrategy;
import org.semanticweb.owlapi.model.OWLDocumentFormat;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyLoaderConfiguration;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

public final class OwlCheck {

    private OwlCheck() {}

    public static void main(String[] args) {
        Map<IRI, IRI> imports = new HashMap<>();
        List<File> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--map") && i + 1 < args.length && args[i + 1].contains("=")) {
                String[] kv = args[++i].split("=", 2);
                imports.put(IRI.create(kv[0]), IRI.create(new File(kv[1]).getAbsoluteFile()));
            } else if (args[i].startsWith("-")) {
                files.clear();
                break;
            } else {
                files.add(new File(args[i]));
            }
        }
        if (files.isEmpty()) {
            System.err.println("usage: OwlCheck [--map IRI=FILE]... FILE...");
            System.exit(2);
        }
        int status = 0;
        for (File file : files) {
            status = Math.max(status, check(file, imports));
        }
        System.exit(status);
    }

    private static int check(File file, Map<IRI, IRI> imports) {
        String name = file.getPath();
        List<String> problems = new ArrayList<>();
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        // Never fetch anything from the network: an import not given with --map resolves to a
        // file that does not exist and is reported as missing.
        manager.getIRIMappers().clear();
        manager.getIRIMappers().add(iri -> imports.getOrDefault(
                iri, IRI.create(new File("/nonexistent-owlcheck-import"))));
        manager.getOntologyConfigurator()
                .setMissingImportHandlingStrategy(MissingImportHandlingStrategy.SILENT);
        manager.addMissingImportListener(event ->
                problems.add("missing import: " + event.getImportedOntologyURI()));
        OWLOntologyLoaderConfiguration config = new OWLOntologyLoaderConfiguration()
                .setMissingImportHandlingStrategy(MissingImportHandlingStrategy.SILENT)
                .setStrict(false);
        OWLOntology ontology;
        try {
            ontology = manager.loadOntologyFromOntologyDocument(new FileDocumentSource(file), config);
        } catch (Exception e) {
            String msg = String.valueOf(e.getMessage()).split("\n")[0];
            System.out.println(name + ": LOAD ERROR: " + e.getClass().getSimpleName() + ": " + msg);
            System.out.println(name + ": FAIL (could not load)");
            return 2;
        }

        OWLDocumentFormat format = manager.getOntologyFormat(ontology);
        if (format != null) {
            Optional<OWLOntologyLoaderMetaData> meta = format.getOntologyLoaderMetaData();
            if (meta.isPresent() && meta.get() instanceof RDFParserMetaData) {
                RDFParserMetaData rdf = (RDFParserMetaData) meta.get();
                rdf.getUnparsedTriples().forEach(t -> problems.add("unparsed triple: " + t));
                rdf.getGuessedDeclarations().asMap().forEach((iri, kinds) ->
                        problems.add("guessed declaration: " + iri + " as " + kinds));
            }
        }

        try {
            OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
            for (OWLProfileViolation v : report.getViolations()) {
                problems.add("OWL 2 DL violation: " + v.getClass().getSimpleName() + ": "
                        + v.toString().replace('\n', ' '));
            }
        } catch (RuntimeException e) {
            // The profile checker itself can fail on malformed axioms (e.g. an empty property chain).
            problems.add("OWL 2 DL check failed: " + e);
        }

        for (String p : problems) {
            System.out.println(name + ": " + p);
        }
        System.out.println(name + ": " + (problems.isEmpty()
                ? "OK (" + ontology.getAxiomCount() + " axioms)"
                : "FAIL (" + problems.size() + " problems)"));
        return problems.isEmpty() ? 0 : 1;
    }
}
