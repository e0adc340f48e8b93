package org.halo.cli;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.halo.clinical.miss.DoseModel;
import org.halo.cohort.FinishedCohort;
import org.halo.image.Mask;
import org.halo.io.dicom.RasterReference;
import org.halo.io.dicom.RoiOnReference;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "explore", mixinStandardHelpOptions = true,
        description = {"A local page for comparing margin scenarios on one CTV: the platform and every error SD as inputs, the risk against margin",
            "per regimen with its confidence band, the smallest adequate margins and the verdict, DVH bands and where the misses happen.",
            "With --dose and --rx-gy, a plan's risk per regimen instead of margins; with --cohort, any target of a finished cohort.",
            "Served on 127.0.0.1 unless --bind says otherwise; Ctrl-C stops it."})
final class ExploreCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--ctv", paramLabel = "FILE", description = "CTV mask (NIfTI, NRRD or MetaImage).")
        Path ctv;

        @ArgGroup(exclusive = false)
        Roi roi;

        @Option(names = "--cohort", paramLabel = "DIR", description = "A finished cohort's results folder: any of its targets, under its study.")
        Path cohort;
    }

    static final class Roi {
        @Option(names = "--rtstruct", required = true, paramLabel = "RS.dcm", description = "A structure set (with --roi and --reference).")
        Path rtstruct;

        @Option(names = "--roi", required = true, paramLabel = "NAME", description = "The ROI to explore.")
        String roi;

        @Option(names = "--reference", required = true, paramLabel = "CT_DIR", description = "The CT series the ROI is drawn on.")
        Path reference;
    }

    @Option(names = "--dose", paramLabel = "FILE",
            description = "A planned dose (RTDOSE, NIfTI, NRRD or MetaImage; Gy), with --rx-gy: the page shows this plan's risk per regimen (margins and fall-off do not apply).")
    Path dose;

    @Option(names = "--rx-gy", paramLabel = "GY", description = "The plan's total prescription (Gy), with --dose.")
    Double rxGy;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "Port (0: any free one). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to serve on; another than 127.0.0.1 exposes the page to the network, deliberately. Default: ${DEFAULT-VALUE}.")
    String bind;

    @Mixin
    CommonOptions common;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if ((dose == null) != (rxGy == null)) throw new IllegalArgumentException("--dose and --rx-gy go together: a plan is its dose and its prescription");
        if (source.cohort != null && dose != null) throw new IllegalArgumentException("--dose: a cohort's page asks its study, which has no plan dose");
        String name;
        Exploration exploration;
        if (source.cohort != null) {
            FinishedCohort cohort = FinishedCohort.open(source.cohort);
            name = "cohort " + source.cohort + " (" + cohort.targets().size() + " targets)";
            exploration = new Exploration(cohort, common.backend());
        } else {
            Mask ctv = source.ctv != null ? MissInputs.ctv(source.ctv)
                    : RoiOnReference.read(source.roi.rtstruct, source.roi.roi, RasterReference.read(source.roi.reference), false, false).raster().mask();
            name = (source.ctv != null ? source.ctv.getFileName().toString() : source.roi.roi + " of " + source.roi.rtstruct.getFileName())
                    + " (" + Format.cc(ctv.volumeCc()) + ")";
            DoseModel.Imported plan = dose == null ? null : new DoseModel.Imported(Inputs.dose(dose), rxGy);
            if (plan != null) name += ", plan " + dose.getFileName() + " (Rx " + Format.num(rxGy) + " Gy)";
            exploration = new Exploration(ctv, plan, common.backend());
        }
        try (ExploreServer server = serve(exploration, name)) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("command", "explore");
            json.put("serving", name);
            json.put("url", server.uri().toString());
            spec.commandLine().getOut().println(common.json ? Json.write(json) : "halo explore: " + name + " at " + server.uri() + " — Ctrl-C stops it");
            spec.commandLine().getOut().flush();
            new CountDownLatch(1).await();
        }
        return 0;
    }

    private ExploreServer serve(Exploration exploration, String name) {
        try {
            return new ExploreServer(exploration, bind, port, name);
        } catch (BindException e) {
            throw new IllegalArgumentException("--port " + port + ": cannot serve on " + bind + " (" + e.getMessage() + "); --port 0 picks a free one");
        } catch (IOException e) {
            throw new IllegalArgumentException("--bind " + bind + " --port " + port + ": " + HaloCommand.oneLine(e));
        }
    }
}
