package org.halo.cli;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.halo.clinical.miss.DoseModel;
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
            "With --dose and --rx-gy, a plan's risk per regimen instead of margins.",
            "Served on 127.0.0.1 unless --bind says otherwise; Ctrl-C stops it."})
final class ExploreCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--ctv", paramLabel = "FILE", description = "CTV mask (NIfTI, NRRD or MetaImage).")
        Path ctv;

        @ArgGroup(exclusive = false)
        Roi roi;
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
        Mask ctv;
        String name;
        if (source.ctv != null) {
            ctv = MissInputs.ctv(source.ctv);
            name = source.ctv.getFileName().toString();
        } else {
            ctv = RoiOnReference.read(source.roi.rtstruct, source.roi.roi, RasterReference.read(source.roi.reference), false, false).raster().mask();
            name = source.roi.roi + " of " + source.roi.rtstruct.getFileName();
        }
        DoseModel.Imported plan = null;
        if (dose != null) {
            plan = new DoseModel.Imported(Inputs.dose(dose), rxGy);
            name += ", plan " + dose.getFileName() + " (Rx " + Format.num(rxGy) + " Gy)";
        }
        try (ExploreServer server = serve(new Exploration(ctv, plan, common.backend()), name)) {
            spec.commandLine().getOut().println("halo explore: " + name + " (" + Format.cc(ctv.volumeCc()) + ") at " + server.uri() + " — Ctrl-C stops it");
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
