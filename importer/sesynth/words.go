package sesynth

import "strings"

// The vocabulary: common words for the glue of sentences, and domain nouns
// and verbs from which each tag draws its own characteristic terms, so
// that posts about one tag share words the way real ones do.

var commonWords = strings.Fields(`
the a an and or but if then so because when while after before about above across against along among around at by
for from in into of off on onto out over through to toward under until up upon with within without this that these those
it its they them their we our you your he she his her one two three few many much more most some any each every other
another such same different new old good better best bad worse little big small large long short high low early late
first last next right wrong easy hard simple clear real true sure possible likely usual common local general whole main
is are was were be been being have has had do does did can could will would should may might must need needs needed
make makes made get gets got take takes took give gives gave use uses used find finds found know knows knew think thinks
thought see sees saw look looks looked seem seems seemed want wants wanted try tries tried work works worked keep keeps
kept start starts started change changes changed help helps helped show shows showed turn turns turned leave leaves left
also just only even still already again always never often sometimes usually really quite rather very too enough almost
here there now today yesterday soon instead however therefore otherwise perhaps maybe probably actually especially
way time year day week month part case point problem question answer reason result example idea fact thing place end
people person group team friend someone everyone nobody anything something nothing everything
`)

var domainNouns = strings.Fields(`
hops yeast malt barley wheat rye oats grain mash wort boil kettle fermenter airlock carboy keg cask bottle can tap faucet
glass pint stein goblet chalice snifter tulip mug foam head lacing carbonation pressure regulator coupler shank line
temperature thermometer hydrometer refractometer gravity attenuation alcohol ethanol ester phenol diacetyl sulfur
acetaldehyde fusel aroma flavor bitterness sweetness acidity sourness body mouthfeel finish aftertaste color clarity haze
lager ale stout porter pilsner bock doppelbock weizen hefeweizen witbier saison lambic gueuze kriek tripel dubbel quadrupel
barleywine ipa pale amber brown blonde kolsch altbier marzen oktoberfest schwarzbier rauchbier gose berliner sour cider
mead perry cellar storage shelf fridge cooler ice sunlight oxidation skunk staling freshness date label brewery brewer
taproom brewpub microbrewery macro craft import export distribution retailer store shop bar pub restaurant festival
tasting flight pairing cheese chocolate bread pizza burger sausage oyster curry dessert recipe ingredient adjunct corn
rice sugar honey fruit cherry raspberry citrus orange coriander spice vanilla coffee oak barrel bourbon wine whiskey
rum tequila vodka gin liqueur cocktail history monastery abbey trappist monk medieval ancient egypt germany belgium
england ireland czech bavaria america japan law tax license regulation label calorie carbohydrate gluten hangover
headache dehydration water mineral ph chloride sulfate calcium filter pasteurization centrifuge yield efficiency
sparge lauter mill crush enzyme starch protein dextrin sediment trub lees flocculation starter pitch culture strain
contamination infection bacteria lactobacillus brettanomyces pediococcus sanitizer cleaner bleach rinse valve pump
hose clamp gasket seal cap cork crown wax growler crowler howler cooler jockey box nitro nitrogen widget co2 priming
conditioning aging vintage collection rating score review style guideline competition judge medal award
`)

var verbs = strings.Fields(`
store serve pour brew age chill carbonate clean taste compare pair choose buy ship keep open measure adjust fix avoid
prevent reduce increase improve describe identify recognize explain fill replace clear filter bottle label cook mix
`)

var questionStarts = []struct {
	format    string
	verbFirst bool
}{
	{"How do I %s %s with %s?", true},
	{"What is the best way to %s %s?", true},
	{"Why does my %s taste of %s?", false},
	{"Is it safe to %s %s in a %s?", true},
	{"What is the difference between %s and %s?", false},
	{"Can you %s %s without %s?", true},
	{"How long should I %s %s?", true},
	{"Does %s affect the %s of %s?", false},
	{"Where can I find %s for %s?", false},
	{"What causes %s in %s?", false},
}

var firstNames = strings.Fields(`Ada Alan Anna Ben Carla Chen Dana David Elena Emil Eva Femi Grace Hana Ivan Jana Jonas Karim Lea Li
Lucas Maria Mateo Mia Nadia Noah Olga Omar Paula Pedro Priya Rosa Sam Sara Tomas Uma Vera Wei Yuki Zoe José Zoë Björn Søren Łukasz`)

var lastNames = strings.Fields(`Adams Baker Costa Dubois Eriksen Fischer Garcia Hansen Ito Jensen Kowalski Larsen Moreau Novak Okafor
Petrov Quinn Rossi Schmidt Tanaka Ueda Varga Weber Xu Young Zimmermann Müller Øster Núñez`)

var places = []string{"Berlin, Germany", "Brussels, Belgium", "Portland, OR", "Prague, Czech Republic", "Dublin, Ireland",
	"Tokyo, Japan", "Denver, CO", "Munich, Germany", "London, United Kingdom", "Melbourne, Australia", "", "", ""}
